#!/usr/bin/env bash
# Import memory: the app's peak resident memory (RSS, sampled every second) and its peak live heap (the heap
# after each GC, from the GC log) while `import --no-publish` fills empty PostgreSQL, with a fixed -Xmx, so two
# sizes (or two builds, run back to back) compare.
# Usage: bench/import-memory.sh SIZE|real [Xmx]   SIZE: synthetic talks (generate --seed 42), or "real" for the
# pyvideo corpus. Default -Xmx2g. Fresh embedded engines under target/bench-import-memory/.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE="${1:?usage: bench/import-memory.sh SIZE|real [Xmx]}"
XMX="${2:-2g}"
CORPUS_TAR="${CORPUS_TAR:-../shared/datasets/pyvideo/pyvideo-data.tar.gz}"
WORK=target/bench-import-memory

source bench/common.sh
if [ -n "${BENCH_SKIP_BUILD:-}" ] && [ -f target/talk-archive.jar ]; then # a second size right after a first
  unset DATABASE_URL ELASTICSEARCH_URL
else
  prepare_build
fi
rm -rf "$WORK/data" "$WORK/corpus" "$WORK/pyvideo"
export TALKS_DATA_DIR="$WORK/data"

if [ "$SIZE" = real ]; then
  mkdir -p "$WORK/pyvideo" && tar -xzf "$CORPUS_TAR" -C "$WORK/pyvideo"
  CORPUS="$WORK/pyvideo"
else
  java -jar target/talk-archive.jar generate --talks "$SIZE" --seed 42 --out "$WORK/corpus" 2>/dev/null
  CORPUS="$WORK/corpus"
fi
echo "== import $SIZE ($(du -sh "$CORPUS" | cut -f1) on disk) with -Xmx$XMX"

start=$SECONDS
java "-Xmx$XMX" "-Xlog:gc:file=$WORK/gc.log" -jar target/talk-archive.jar import "$CORPUS" --no-publish \
  > "$WORK/import.out" 2> "$WORK/import.err" &
APP=$!
peak=0
while kill -0 "$APP" 2>/dev/null; do
  kb=$(ps -o rss= -p "$APP" 2>/dev/null || true)
  [ -n "$kb" ] && [ "$kb" -gt "$peak" ] && peak=$kb
  sleep 1
done
wait $APP || { status=$?; [ $status -eq 2 ] || { tail -5 "$WORK/import.err"; exit $status; }; }
# "Pause Young (Normal) (G1 Evacuation Pause) 120M->80M(256M)": the figure after the arrow is the heap after GC.
live=$(grep -o '[0-9]*M->[0-9]*M' "$WORK/gc.log" | sed 's/.*->//; s/M//' | sort -n | tail -1)
echo "import took $((SECONDS - start)) s; $(tail -1 "$WORK/import.out")"
echo "peak RSS of the app: $((peak / 1024)) MB; peak heap after GC: ${live:-?} MB ($(grep -c 'Pause' "$WORK/gc.log") GCs)"
