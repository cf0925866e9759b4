#!/usr/bin/env python3
"""Main text of the HTML pages in tests/pages, newsdex against trafilatura, in one run.

Scores both the way `newsdex-bench pages` scores newsdex (must / must_not strings after collapsing whitespace and
straightening quotes) and times them per page. trafilatura is not a dependency of newsdex: install it with
`pip install trafilatura` (this script says so and exits 2 when it is missing).

    python3 scripts/pages-vs-trafilatura.py [--newsdex target/release/newsdex] [--precision] [DIR]
"""
import argparse, json, os, re, subprocess, sys, time

QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"'})


def clean(s):
    return re.sub(r"\s+", " ", (s or "").translate(QUOTES)).strip()


def score(name, bodies, expected):
    must = found = must_not = leaked = 0
    for e in expected:
        body = clean(bodies.get(e["file"], ""))
        must += len(e["must"])
        found += sum(clean(s) in body for s in e["must"])
        must_not += len(e["must_not"])
        leaked += sum(clean(s) in body for s in e["must_not"])
    r = found / must if must else 0.0
    p = 1 - leaked / must_not if must_not else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"{name:<26} F1 {f:6.1%}  precision {p:6.1%}  recall {r:6.1%}  ({found}/{must} found, {leaked}/{must_not} leaked)"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", nargs="?", default="tests/pages")
    ap.add_argument("--newsdex", default="target/release/newsdex")
    args = ap.parse_args()
    try:
        import trafilatura
    except ImportError:
        print("trafilatura is not installed: pip install trafilatura", file=sys.stderr)
        return 2
    expected = [json.loads(l) for l in open(os.path.join(args.dir, "expected.jsonl"), encoding="utf-8")]
    expected = [e for e in expected if e["file"].endswith(".html")]
    files = [os.path.join(args.dir, e["file"]) for e in expected]

    t = time.perf_counter()
    out = subprocess.run([args.newsdex, "inspect", "--json", *files], capture_output=True, text=True, check=False).stdout
    newsdex_s = time.perf_counter() - t
    bodies = {}
    for line in out.splitlines():
        m = json.loads(line)
        if m.get("type") == "article":
            rel = os.path.relpath(m["path"], args.dir)
            bodies[rel] = m.get("body", "")

    results = [score("newsdex", bodies, expected)]
    timings = [f"newsdex: {1000 * newsdex_s / len(files):.1f} ms a page (one process for all pages)"]
    for label, kwargs in [("trafilatura", {}), ("trafilatura favor_precision", {"favor_precision": True})]:
        tb, t = {}, time.perf_counter()
        for e, path in zip(expected, files):
            raw = open(path, "rb").read()
            tb[e["file"]] = trafilatura.extract(raw, **kwargs) or ""
        secs = time.perf_counter() - t
        results.append(score(label, tb, expected))
        timings.append(f"{label}: {1000 * secs / len(files):.1f} ms a page")
    print(f"{len(files)} HTML pages in {args.dir}, trafilatura {trafilatura.__version__}")
    print("\n".join(results))
    print("\n".join(timings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
