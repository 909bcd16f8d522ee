#!/usr/bin/env bash
# Benchmark on the full pyvideo corpus: import, full reindex, search latency (API vs raw Elasticsearch).
# Usage: bench/run.sh [queries]   (default 2000). Uses fresh embedded engines under target/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
QUERIES="${1:-2000}"
CORPUS_TAR="${CORPUS_TAR:-../shared/datasets/pyvideo/pyvideo-data.tar.gz}"
WORK=target/bench
PORT="${BENCH_PORT:-7079}"

./mvnw -q -B -DskipTests package
./mvnw -q -B dependency:build-classpath -Dmdep.outputFile="$WORK/classpath.txt" -DincludeScope=test \
  -DexcludeGroupIds=org.elasticsearch,org.elasticsearch.plugin,org.apache.lucene,org.apache.logging.log4j,org.seleniumhq.selenium,co.elastic.logging \
  -DexcludeArtifactIds=opentelemetry-sdk-extension-autoconfigure,opentelemetry-sdk-extension-autoconfigure-spi
rm -rf "$WORK/data" "$WORK/pyvideo" && mkdir -p "$WORK/pyvideo"
tar -xzf "$CORPUS_TAR" -C "$WORK/pyvideo"
export TALKS_DATA_DIR="$WORK/data" PORT HOST=127.0.0.1
unset DATABASE_URL ELASTICSEARCH_URL
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(java -version 2>&1 | head -1)"

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
java -cp "target/test-classes:target/classes:$(cat "$WORK/classpath.txt")" \
  org.talkarchive.bench.SearchBenchmark "http://127.0.0.1:$PORT" "$ES_URL" talks "$QUERIES"
