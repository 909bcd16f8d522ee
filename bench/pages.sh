#!/usr/bin/env bash
# Page weight and DOMContentLoaded of every page type: our own bytes (HTML + our CSS + our JS, as the browser decodes
# them; not the video hosts' thumbnails) and the median DOMContentLoaded of 5 loads after a warm-up, in a headless
# Chromium at 1280 x 800 with the HTTP cache off, against `demo` (the 30 sample talks) or, with `real`, the full
# pyvideo corpus (CORPUS_TAR) imported into fresh engines under target/bench-pages.
# Usage: bench/pages.sh [demo|real] [query]   (BENCH_PORT, default 18090)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
WORK=target/bench-pages
CORPUS_TAR="${CORPUS_TAR:-../shared/datasets/pyvideo/pyvideo-data.tar.gz}"
PORT="${BENCH_PORT:-18090}"
prepare_build
# prepare_build leaves Selenium out of the class path (the other benchmarks need no browser): this one does
./mvnw -q -B dependency:build-classpath -Dmdep.outputFile="$WORK/classpath.txt" -DincludeScope=test \
  -DexcludeGroupIds=org.elasticsearch,org.elasticsearch.plugin,org.apache.lucene,org.apache.logging.log4j,co.elastic.logging
rm -rf "$WORK/data"
if [ "${1:-demo}" = real ]; then
  rm -rf "$WORK/pyvideo" && mkdir -p "$WORK/pyvideo" && tar -xzf "$CORPUS_TAR" -C "$WORK/pyvideo"
  import_unpublished
  TALKS_DATA_DIR="$WORK/data" java -jar target/talk-archive.jar serve --port "$PORT" >"$WORK/serve.log" 2>&1 &
else
  TALKS_DATA_DIR="$WORK/data" java -jar target/talk-archive.jar demo --port "$PORT" >"$WORK/serve.log" 2>&1 &
fi
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
until grep -q "is running at" "$WORK/serve.log"; do
  kill -0 $SERVER 2>/dev/null || { tail -20 "$WORK/serve.log"; exit 1; }
  sleep 2
done
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
bench_java org.talkarchive.bench.PageWeights "http://127.0.0.1:$PORT" 5 "${2:-django}" 2>/dev/null
