#!/usr/bin/env bash
# Benchmark on the full pyvideo corpus: import, full reindex, search latency (API vs raw Elasticsearch).
# Usage: bench/run.sh [queries]   (default 2000). Uses fresh embedded engines under target/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
QUERIES="${1:-2000}"
CORPUS_TAR="${CORPUS_TAR:-../shared/datasets/pyvideo/pyvideo-data.tar.gz}"
WORK=target/bench
PORT="${BENCH_PORT:-7079}"

source bench/common.sh
prepare_benchmark
export TALKS_DATA_DIR="$WORK/data" PORT HOST=127.0.0.1

echo "== import (full corpus into empty PostgreSQL)"
java -jar target/talk-archive.jar import "$WORK/pyvideo" --no-publish | tail -1

echo "== full reindex"
java -jar target/talk-archive.jar reindex | tail -1

echo "== search latency"
java -jar target/talk-archive.jar serve > "$WORK/serve.log" 2>&1 &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do grep -q "is running" "$WORK/serve.log" && break; sleep 1; done
ES_URL=$(grep -o 'Embedded Elasticsearch ready at http://[0-9.:]*' "$WORK/serve.log" | awk '{print $NF}')
bench_java \
  org.talkarchive.bench.SearchBenchmark "http://127.0.0.1:$PORT" "$ES_URL" talks "$QUERIES"
