#!/usr/bin/env bash
# Benchmarks of newsdex ingest and search on a generated corpus, side by side with tantivy-cli (issues 5, 6 and 13).
# Not run by CI: it takes minutes (an hour at 1,000,000 articles) and writes the articles (2.9 KB each), their JSON
# Lines copy for tantivy-cli and the indexes outside the repository.
#
#   scripts/bench.sh                                 # 100,000 articles under /tmp/newsdex-bench
#   ARTICLES=10000 scripts/bench.sh                  # a quicker run
#   ARTICLES="10000 100000 1000000" REPEAT=1 scripts/bench.sh   # the growth table of docs/benchmarks.md
#
# Environment: ARTICLES (100000; several sizes separated by spaces run one after the other), SEED (1),
# BENCH_DIR (/tmp/newsdex-bench), THREADS (number of cores), REPEAT (3 repetitions of the ingest sequence; medians
# reported), RUNS (200 in-process repetitions per query), PROCESS_RUNS (50 `newsdex search` processes per query
# class), SENTENCES (/work/shared/data/ner/gmb.train.conll), TANTIVY_CLI (the `tantivy` binary of tantivy-cli 0.24;
# installed with `cargo install tantivy-cli --version 0.24.0` into ~/.cache/newsdex-bench/tantivy-cli when missing;
# TANTIVY_CLI=none skips it), LOAD_TEST (1: the `newsdex serve` load test at each size; 0 skips it).
# Results: the tables on stdout, JSON in $BENCH_DIR/ingest-N.json and $BENCH_DIR/search-N.json.
set -euo pipefail

ARTICLES=${ARTICLES:-100000}
SEED=${SEED:-1}
BENCH_DIR=${BENCH_DIR:-/tmp/newsdex-bench}
THREADS=${THREADS:-$(nproc)}
REPEAT=${REPEAT:-3}
RUNS=${RUNS:-200}
PROCESS_RUNS=${PROCESS_RUNS:-50}
SENTENCES=${SENTENCES:-/work/shared/data/ner/gmb.train.conll}
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/newsdex-bench
TANTIVY_CLI=${TANTIVY_CLI:-$CACHE/tantivy-cli/bin/tantivy}

cd "$(dirname "$0")/.."
echo "== build (release)" >&2
cargo build --release --workspace --bins >&2
BIN=target/release
mkdir -p "$BENCH_DIR"

TANTIVY_ARGS=()
if [ "$TANTIVY_CLI" != none ]; then
    if [ ! -x "$TANTIVY_CLI" ]; then
        echo "== installing tantivy-cli 0.24.0 into $CACHE/tantivy-cli (once)" >&2
        cargo install tantivy-cli --version 0.24.0 --root "$CACHE/tantivy-cli" >&2
        TANTIVY_CLI=$CACHE/tantivy-cli/bin/tantivy
    fi
    TANTIVY_ARGS=(--tantivy-cli "$TANTIVY_CLI")
fi

echo "== machine"
echo "commit:  $(git rev-parse --short HEAD 2>/dev/null || echo unknown) ($(git log -1 --format=%s 2>/dev/null | cut -c1-100 || true))"
echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "cpus:    $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "memory:  $(free -m | awk '/^Mem:/ {print $2 " MB"}')"
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"
if [ ${#TANTIVY_ARGS[@]} -gt 0 ]; then echo "tantivy-cli: $("$TANTIVY_CLI" --version 2>/dev/null || echo "$TANTIVY_CLI")"; fi

for N in $ARTICLES; do
    CORPUS="$BENCH_DIR/corpus-$N-seed$SEED"
    echo "== generate $N articles (seed $SEED) into $CORPUS"
    if [ -f "$CORPUS/.generated" ]; then
        echo "already there"
    else
        "$BIN/newsdex-bench" generate --out "$CORPUS" --articles "$N" --seed "$SEED" --sentences "$SENTENCES"
        touch "$CORPUS/.generated"
    fi

    echo "== ingest at $N (tantivy-cli, plain tantivy, plain-full, no-extract, newsdex, unchanged re-run x2; each its own process; $REPEAT repetitions)"
    "$BIN/newsdex-bench" ingest --corpus "$CORPUS" --index "$BENCH_DIR/index-$N" --plain-index "$BENCH_DIR/plain-index-$N" \
        --threads "$THREADS" --repeat "$REPEAT" --fresh --save "$BENCH_DIR/ingest-$N.json" "${TANTIVY_ARGS[@]}"

    echo "== search at $N"
    # The indexes just built are still being written out by the kernel: let that finish before timing searches.
    sync
    "$BIN/newsdex-bench" search --index "$BENCH_DIR/index-$N" --runs "$RUNS" --process-runs "$PROCESS_RUNS" \
        --newsdex "$BIN/newsdex" --save "$BENCH_DIR/search-$N.json"

    if [ "${LOAD_TEST:-1}" = 1 ]; then
        echo "== newsdex serve under load at $N (issue 12; 50 clients, 30 s: back to back, one search a second, the page's requests every 5 s)"
        for args in "" "--pace-ms 1000" "--pace-ms 5000 --page"; do
            # shellcheck disable=SC2086 # the options are words
            "$BIN/newsdex-bench" load --index "$BENCH_DIR/index-$N" --clients 50 --seconds 30 --newsdex "$BIN/newsdex" $args
        done
    fi
done
echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the end"
