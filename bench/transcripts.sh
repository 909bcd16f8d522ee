#!/usr/bin/env bash
# Transcripts: nested cues against a separate cue index joined by talk id, on a synthetic load (default 2,000
# talks x 900 cues, 45 minutes of captions each): index size and search latency p50/p90/p99 of both designs,
# in a fresh embedded Elasticsearch node under target/. Heavy: run on a quiet machine.
# Usage: bench/transcripts.sh [talks] [cues per talk] [queries]
# The same generator writes the load as a pyvideo corpus with WebVTT files, to import it:
#   java -cp "target/test-classes:target/classes:$(cat target/bench-transcripts-classpath.txt)" \
#     org.talkarchive.bench.TranscriptLoad /tmp/synthconf 2000 900
set -euo pipefail
cd "$(dirname "$0")/.."
CP_FILE=target/bench-transcripts-classpath.txt
./mvnw -q -B -o -DskipTests install
./mvnw -q -B -o dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -DincludeScope=test \
  -DexcludeGroupIds=org.elasticsearch,org.elasticsearch.plugin,org.apache.lucene,org.apache.logging.log4j,org.seleniumhq.selenium,co.elastic.logging \
  -DexcludeArtifactIds=opentelemetry-sdk-extension-autoconfigure,opentelemetry-sdk-extension-autoconfigure-spi
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1)"
java -Xmx3g -cp "target/test-classes:target/classes:$(cat "$CP_FILE")" \
  org.talkarchive.search.TranscriptIndexBenchmark "${1:-2000}" "${2:-900}" "${3:-500}" target
