#!/usr/bin/env bash
# The real-browser test of `newsdex serve` (issue 12): installs what it needs (Debian's chromium, Node.js, and the
# pinned playwright-core of scripts/browser/package-lock.json, which drives that chromium and downloads no browser),
# builds newsdex, indexes the shipped corpus/ plus one hostile article into a temporary index, serves it on
# loopback, and runs scripts/browser/test.mjs: search, facet filter, timeline range, article view, hostile
# article, phone width. Screenshots go to target/browser-test/ (BROWSER_TEST_OUT to change).
#
#   scripts/browser-test.sh
#
# Exit codes: 0 passed; 1 failed; 77 skipped because chromium, Node.js or playwright-core could not be installed
# (.ci/run reports that as a skip, and fails on anything else).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${BROWSER_TEST_OUT:-target/browser-test}
SKIP=77

skip() {
    echo "browser test skipped: $*" >&2
    exit "$SKIP"
}

apt_install() {
    command -v apt-get >/dev/null && [ "$(id -u)" = 0 ] || return 1
    if [ -z "${APT_UPDATED:-}" ]; then
        apt-get update -qq >/dev/null 2>&1 || return 1
        APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1
}

CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$CHROMIUM" ]; then
    echo "== installing chromium (apt-get)" >&2
    apt_install chromium fonts-dejavu-core || skip "chromium is not installed and apt-get could not install it"
    CHROMIUM=$(command -v chromium) || skip "chromium is still missing after apt-get"
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "== installing Node.js (apt-get)" >&2
    apt_install nodejs npm || skip "Node.js is not installed and apt-get could not install it"
fi
if [ ! -d scripts/browser/node_modules/playwright-core ]; then
    echo "== installing playwright-core (npm ci)" >&2
    (cd scripts/browser && npm ci --no-audit --no-fund --silent >&2) || skip "npm could not install playwright-core"
fi

echo "== building newsdex" >&2
cargo build --quiet --bin newsdex
BIN=${CARGO_TARGET_DIR:-target}/debug/newsdex

WORK=$(mktemp -d)
SERVER=""
cleanup() {
    if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# An article whose title, body and address are markup and script: the page must show them as text.
mkdir -p "$WORK/hostile"
cat > "$WORK/hostile/hostile.json" <<'JSON'
{"title": "Zorblax <script>window.pwned = 1; alert('title')</script> report",
 "text": "Zorblax Industries said on Monday <img src=x onerror=\"window.pwned = 2; alert('img')\"> that Maria Keller of Zorblax would visit Berlin.\n\nRead <a href=\"javascript:window.pwned = 3; alert('link')\">more</a> or <script>window.pwned = 4</script> nothing.",
 "url": "javascript:window.pwned = 5; alert('url')",
 "source": "Hostile <b>Times</b>",
 "date": "2024-03-05"}
JSON

echo "== indexing corpus/ and a hostile article" >&2
"$BIN" --index "$WORK/index" ingest corpus "$WORK/hostile" >&2

"$BIN" --index "$WORK/index" serve --addr 127.0.0.1:0 2> "$WORK/serve.log" &
SERVER=$!
URL=""
for _ in $(seq 1 100); do
    URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$WORK/serve.log" | head -1 || true)
    [ -n "$URL" ] && break
    kill -0 "$SERVER" 2>/dev/null || { cat "$WORK/serve.log" >&2; echo "the server did not start" >&2; exit 1; }
    sleep 0.1
done
[ -n "$URL" ] || { cat "$WORK/serve.log" >&2; echo "the server printed no URL" >&2; exit 1; }
echo "== browser test against $URL (screenshots in $OUT)" >&2

rm -rf "$OUT"
mkdir -p "$OUT"
OUT_ABS=$(cd "$OUT" && pwd)
status=0
(cd scripts/browser && node test.mjs "$URL" "$OUT_ABS" "$CHROMIUM") || status=$?
if [ "$status" != 0 ]; then
    echo "== server log" >&2
    cat "$WORK/serve.log" >&2
    exit 1
fi
