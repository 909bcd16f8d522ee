#!/usr/bin/env bash
# Benchmark on the full pyvideo corpus: import, full reindex, every talk's vector, search latency (API vs raw
# Elasticsearch) with search by meaning on and off.
# Usage: bench/run.sh [queries]   (default 2000). Uses fresh embedded engines under target/bench/ (BENCH_REUSE=1
# keeps the last run's, vectors included, and measures the latency only).
set -euo pipefail
cd "$(dirname "$0")/.."
QUERIES="${1:-2000}"
CORPUS_TAR="${CORPUS_TAR:-../shared/datasets/pyvideo/pyvideo-data.tar.gz}"
WORK=target/bench
PORT="${BENCH_PORT:-7079}"

source bench/common.sh
if [ "${BENCH_REUSE:-0}" = 1 ] && [ -d "$WORK/data" ]; then
  # the engines and data of the last run, vectors included: only the latency is measured again
  prepare_build
  export TALKS_DATA_DIR="$WORK/data" PORT HOST=127.0.0.1
else
  prepare_benchmark
  export TALKS_DATA_DIR="$WORK/data" PORT HOST=127.0.0.1

  echo "== import (full corpus into empty PostgreSQL)"
  java -jar target/talk-archive.jar import "$WORK/pyvideo" --no-publish | tail -1

  echo "== full reindex"
  java -jar target/talk-archive.jar reindex | tail -1

  echo "== vectors for search by meaning"
  java -jar target/talk-archive.jar embed | tail -1
fi

# The same query mix against the API with search by meaning on, then off, each beside raw Elasticsearch.
for MEANING in on off; do
  echo "== search latency, search by meaning $MEANING"
  TALKS_SEARCH_BY_MEANING=$MEANING serve_in_background "$WORK/serve-$MEANING.log"
  echo "app memory after start (RSS): $(ps -o rss= -p $SERVER | awk '{printf "%.0f MB", $1/1024}')"
  bench_java \
    org.talkarchive.bench.SearchBenchmark "http://127.0.0.1:$PORT" "$ES_URL" talks "$QUERIES" "$MEANING"
  echo "app memory after the queries (RSS): $(ps -o rss= -p $SERVER | awk '{printf "%.0f MB", $1/1024}')"
  kill -TERM $SERVER; wait $SERVER 2>/dev/null || true
done
trap - EXIT
