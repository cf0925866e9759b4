#!/usr/bin/env python3
"""Score newsdex's entities on corpus/multilingual/ against the names listed by hand in its ENTITIES.tsv.

    python3 scripts/eval-multilingual.py [NEWSDEX_BINARY] [--list]

For every article, each entity newsdex reports (`newsdex inspect --json`) counts as listed when its name or one of
the texts it was written as is among the article's listed names (case ignored). Precision: the share of reported
entities that are listed. Recall: the share of listed names that some reported entity matches. `--list` prints the
reported entities that are not listed. The list is the shipped sample's, written for newsdex: a check on the
languages other than English, not a held-out test.
"""

import collections
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "corpus", "multilingual")


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "--list"]
    binary = args[0] if args else os.path.join(ROOT, "target", "release", "newsdex")
    listed = collections.defaultdict(set)
    with open(os.path.join(CORPUS, "ENTITIES.tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            name, _kind, entity = line.rstrip("\n").split("\t")
            listed[name].add(entity.lower())
    out = subprocess.run([binary, "inspect", CORPUS, "--json"], capture_output=True, text=True, check=True).stdout
    found, matched, unlisted = 0, set(), []
    for line in out.splitlines():
        article = json.loads(line)
        name = os.path.basename(article["path"])
        if name not in listed:
            continue
        for entity in article.get("entities", []):
            texts = {entity["name"].lower()} | {s.lower() for s in entity.get("surfaces") or []}
            found += 1
            hits = texts & listed[name]
            if hits:
                matched |= {(name, h) for h in hits}
            else:
                unlisted.append((name, entity["kind"], entity["name"], entity.get("surfaces")))
    total = sum(len(v) for v in listed.values())
    listed_found = found - len(unlisted)
    print(
        f"precision {listed_found / max(found, 1):.3f} ({listed_found}/{found} reported entities are listed)  "
        f"recall {len(matched) / total:.3f} ({len(matched)}/{total} listed names found)"
    )
    if "--list" in sys.argv:
        for u in unlisted:
            print("not listed:", *u)


if __name__ == "__main__":
    main()
