#!/usr/bin/env bash
# Conformance check of `newsdex export` and `newsdex search --remote` against a live Elasticsearch, OpenSearch or
# Quickwit node: creates a scratch index from `export --mapping`, exports the shipped corpus into it, and compares
# `search --remote` with local `search` for every query of the README's query table. See docs/cluster.md.
#
#   scripts/cluster-check.sh URL [elasticsearch|opensearch|quickwit]
#
# URL is the node (http://localhost:9200, http://localhost:7280); the engine is detected when not given. When no
# node answers at URL the check is skipped (exit 0) with a message: it never starts or imitates a server.
# Needs curl and python3; NEWSDEX=path/to/newsdex (default target/release/newsdex, built when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

URL=${1:-}
if [ -z "$URL" ]; then
    echo "usage: scripts/cluster-check.sh URL [elasticsearch|opensearch|quickwit]" >&2
    exit 2
fi
URL=${URL%/}
TARGET=${2:-}

if ! curl -s -m 5 -o /dev/null "$URL"; then
    echo "cluster-check: skipped: no node answers at $URL (start Elasticsearch, OpenSearch or Quickwit there; see docs/cluster.md)"
    exit 0
fi

if [ -z "$TARGET" ]; then
    if curl -sf -m 5 "$URL/api/v1/version" >/dev/null 2>&1; then
        TARGET=quickwit
    elif curl -s -m 5 "$URL" | grep -q '"distribution" *: *"opensearch"'; then
        TARGET=opensearch
    else
        TARGET=elasticsearch
    fi
fi

NEWSDEX=${NEWSDEX:-target/release/newsdex}
[ -x "$NEWSDEX" ] || cargo build --release --quiet
WORK=$(mktemp -d)
INDEX="newsdex-check-$$"
cleanup() {
    if [ "$TARGET" = quickwit ]; then
        curl -s -m 30 -X DELETE "$URL/api/v1/indexes/$INDEX" >/dev/null || true
    else
        curl -s -m 30 -X DELETE "$URL/$INDEX" >/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

echo "cluster-check: $TARGET at $URL, scratch index $INDEX"
"$NEWSDEX" export --target "$TARGET" --mapping --index-id "$INDEX" >"$WORK/mapping"
if [ "$TARGET" = quickwit ]; then
    curl -sf -m 60 -X POST "$URL/api/v1/indexes" -H 'Content-Type: application/yaml' \
        --data-binary @"$WORK/mapping" >/dev/null
else
    curl -sf -m 60 -X PUT "$URL/$INDEX" -H 'Content-Type: application/json' --data-binary @"$WORK/mapping" >/dev/null
fi

"$NEWSDEX" --index "$WORK/index" ingest corpus --json >"$WORK/ingest.json"
"$NEWSDEX" export --target "$TARGET" --url "$URL/$INDEX" corpus --json >"$WORK/export.json"
ARTICLES=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).read().splitlines()[-1])["documents"])' "$WORK/ingest.json")

# Wait until the engine shows every article (Elasticsearch and OpenSearch refresh every second; Quickwit commits
# every commit_timeout_secs, 60 s by default).
if [ "$TARGET" = quickwit ]; then SEARCH="$URL/api/v1/_elastic/$INDEX/_search"; else SEARCH="$URL/$INDEX/_search"; fi
for _ in $(seq 1 90); do
    [ "$TARGET" = quickwit ] || curl -s -m 30 -X POST "$URL/$INDEX/_refresh" >/dev/null || true
    SEEN=$(curl -s -m 30 -X POST "$SEARCH" -H 'Content-Type: application/json' -d '{"size":0,"query":{"match_all":{}}}' |
        python3 -c 'import json,sys; t=json.load(sys.stdin)["hits"]["total"]; print(t["value"] if isinstance(t, dict) else t)' 2>/dev/null || echo 0)
    [ "$SEEN" = "$ARTICLES" ] && break
    sleep 2
done
if [ "$SEEN" != "$ARTICLES" ]; then
    echo "cluster-check: FAILED: the engine shows $SEEN articles, the local index $ARTICLES" >&2
    exit 1
fi
echo "cluster-check: $ARTICLES articles in both"

# The queries of the README's query table, as tests/cli_export.rs reads them.
python3 - "$WORK/queries" <<'PY'
import re, sys
text = open("README.md").read().split("## Query syntax", 1)[1]
table = next(b for b in text.split("\n\n") if b.startswith("| query"))
out = []
for row in table.splitlines()[2:]:
    first = row.lstrip("|").split(" | ")[0]
    out += [q for q in re.findall(r"`([^`]*)`", first) if not q.startswith("--")]
open(sys.argv[1], "w").write("\n".join(out) + "\n")
PY

FAILED=0
printf '%-45s %7s %7s %7s\n' query local remote both
while IFS= read -r Q; do
    "$NEWSDEX" --index "$WORK/index" search --json --limit 1000 -- "$Q" >"$WORK/local" 2>/dev/null || true
    if ! "$NEWSDEX" search --json --limit 1000 --remote "$URL/$INDEX" --target "$TARGET" -- "$Q" >"$WORK/remote" 2>"$WORK/err"; then
        printf '%-45s %s\n' "$Q" "remote error: $(head -1 "$WORK/err")"
        # Typo tolerance is not in Quickwit's Elasticsearch API: newsdex says so, which is the expected answer.
        grep -q "needs Elasticsearch or OpenSearch" "$WORK/err" || FAILED=1
        continue
    fi
    python3 - "$Q" "$WORK/local" "$WORK/remote" <<'PY'
import json, sys
ids = lambda f: {json.loads(l)["id"] for l in open(f) if l.strip() and json.loads(l)["type"] == "hit"}
local, remote = ids(sys.argv[2]), ids(sys.argv[3])
print(f"{sys.argv[1][:45]:<45} {len(local):>7} {len(remote):>7} {len(local & remote):>7}")
PY
done <"$WORK/queries"

echo "cluster-check: remote hits differ from local ones where the engine lacks what newsdex's index has (short"
echo "forms alone, umlaut spellings, typed surface variants; see docs/cluster.md, 'What differs')."
exit "$FAILED"
