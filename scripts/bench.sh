#!/usr/bin/env bash
# Benchmarks of newsdex ingest and search on a generated corpus (issues 5 and 6). Not run by CI: it takes minutes
# and writes ~300 MB of articles plus two indexes outside the repository.
#
#   scripts/bench.sh                    # 100,000 articles under /tmp/newsdex-bench
#   ARTICLES=10000 scripts/bench.sh     # a quicker run
#
# Environment: ARTICLES (100000), SEED (1), BENCH_DIR (/tmp/newsdex-bench), THREADS (number of cores),
# REPEAT (3 repetitions of the ingest sequence; medians reported),
# RUNS (200 in-process repetitions per query), PROCESS_RUNS (50 `newsdex search` processes per query class),
# SENTENCES (/work/shared/data/ner/gmb.train.conll).
# Results: the tables on stdout, JSON in $BENCH_DIR/ingest.json and $BENCH_DIR/search.json.
set -euo pipefail

ARTICLES=${ARTICLES:-100000}
SEED=${SEED:-1}
BENCH_DIR=${BENCH_DIR:-/tmp/newsdex-bench}
THREADS=${THREADS:-$(nproc)}
REPEAT=${REPEAT:-3}
RUNS=${RUNS:-200}
PROCESS_RUNS=${PROCESS_RUNS:-50}
SENTENCES=${SENTENCES:-/work/shared/data/ner/gmb.train.conll}

cd "$(dirname "$0")/.."
echo "== build (release)" >&2
cargo build --release --workspace --bins >&2
BIN=target/release
CORPUS="$BENCH_DIR/corpus-$ARTICLES-seed$SEED"
mkdir -p "$BENCH_DIR"

echo "== machine"
echo "commit:  $(git rev-parse --short HEAD 2>/dev/null || echo unknown) ($(git log -1 --format=%s 2>/dev/null || true))"
echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "cpus:    $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "memory:  $(free -m | awk '/^Mem:/ {print $2 " MB"}')"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"

echo "== generate $ARTICLES articles (seed $SEED) into $CORPUS"
"$BIN/newsdex-bench" generate --out "$CORPUS" --articles "$ARTICLES" --seed "$SEED" --sentences "$SENTENCES"

echo "== ingest (plain tantivy, plain-full, newsdex, unchanged re-run x2; each its own process; $REPEAT repetitions)"
"$BIN/newsdex-bench" ingest --corpus "$CORPUS" --index "$BENCH_DIR/index" --plain-index "$BENCH_DIR/plain-index" \
    --threads "$THREADS" --repeat "$REPEAT" --fresh --save "$BENCH_DIR/ingest.json"

echo "== search"
"$BIN/newsdex-bench" search --index "$BENCH_DIR/index" --runs "$RUNS" --process-runs "$PROCESS_RUNS" \
    --newsdex "$BIN/newsdex" --save "$BENCH_DIR/search.json"

echo "== newsdex serve under load (issue 12; 50 clients, 30 s: back to back, one search a second, the page's requests every 5 s)"
for args in "" "--pace-ms 1000" "--pace-ms 5000 --page"; do
    # shellcheck disable=SC2086 # the options are words
    "$BIN/newsdex-bench" load --index "$BENCH_DIR/index" --clients 50 --seconds 30 --newsdex "$BIN/newsdex" $args
done
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the end"
