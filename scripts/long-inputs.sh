#!/usr/bin/env bash
# Long and odd single files, each ingested alone: how long ingest takes and how much memory it needs.
#
#   scripts/long-inputs.sh [NEWSDEX_BINARY] [WORK_DIR]
#
# Defaults: target/release/newsdex and /tmp/newsdex-long-inputs. Every file is 4 to 10 MB, under the default
# --max-file-size, and is generated here (deterministic; no download). Each ingest gets LIMIT seconds (default 60);
# one that takes longer is killed and reported as "timeout". Prints one line per file: seconds, peak RSS (MiB),
# exit code. Nothing here should take more than a few seconds: time that grows with the square of a file's length
# shows up as a timeout.
set -euo pipefail

BIN=${1:-target/release/newsdex}
WORK=${2:-/tmp/newsdex-long-inputs}
LIMIT=${LIMIT:-60}
BIN=$(realpath "$BIN")
ROOT=$(cd "$(dirname "$0")/.." && pwd)

mkdir -p "$WORK/files"
python3 - "$WORK/files" "$ROOT/corpus/wikinews" <<'EOF'
import glob, os, sys
out, wikinews = sys.argv[1], sys.argv[2]
def write(name, text):
    path = os.path.join(out, name)
    if not os.path.exists(path):
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
news = "".join(open(p, encoding="utf-8").read() for p in sorted(glob.glob(os.path.join(wikinews, "*.txt"))))
write("english-news.txt", news * (10_000_000 // len(news) + 1))
write("capitalized-words.txt", "Word " * 2_000_000)
write("capitals.txt", "ANGELA MERKEL BERLIN " * 400_000)
write("german-people.txt", "Die Bürgermeisterin Anna Keller sprach am Montag in München mit Peter Müller. " * 130_000)
write("one-html-paragraph.html",
      "<html><body><p>" + "Angela Merkel met Barack Obama in Berlin. " * 200_000 + "</p></body></html>")
write("titles.txt", "Mr. Smith " * 1_000_000)
write("brackets.txt", "(" * 5_000_000)
write("quotes.txt", '"' * 5_000_000)
write("date-lines.txt", "March 4, 2012\n" * 300_000)
write("one-word.txt", "a" * 10_000_000)
write("short-sentences.txt", "A. " * 3_000_000)
write("short-lines.txt", "x\n" * 2_000_000)
EOF

printf '%-26s %8s %9s %s\n' file seconds "RSS MiB" exit
for f in "$WORK"/files/*; do
    name=$(basename "$f")
    rm -rf "$WORK/one" "$WORK/index"
    mkdir -p "$WORK/one"
    cp "$f" "$WORK/one/"
    start=$(date +%s.%N)
    set +e
    timeout "$LIMIT" /usr/bin/time -f "%M" -o "$WORK/rss" "$BIN" ingest "$WORK/one" --index "$WORK/index" \
        >/dev/null 2>"$WORK/stderr"
    code=$?
    set -e
    end=$(date +%s.%N)
    if [ "$code" = 124 ]; then
        printf '%-26s %8s %9s %s\n' "$name" ">$LIMIT" - timeout
    else
        rss=$(grep -E '^[0-9]+$' "$WORK/rss" | tail -1)
        printf '%-26s %8.2f %9.0f %s\n' "$name" "$(echo "$end - $start" | bc)" "$(echo "${rss:-0} / 1024" | bc)" "$code"
    fi
done
rm -rf "$WORK/one" "$WORK/index"
