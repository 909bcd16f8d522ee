#!/usr/bin/env bash
# Many viewers searching at once, on loopback: the API beside raw Elasticsearch at each level of concurrency, for a
# bounded time each; what the answers were (engine, degraded, 503 with Retry-After) and how soon the engine answers
# again after each flood.
# Usage: [LOAD_BASELINE=1] bench/load.sh [seconds per level] [clients…]   (default 20 s; 8 64 256 clients). Uses the engines and data
# bench/run.sh left under target/bench/ when there are some (vectors included), else imports the corpus first.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH="${1:-20}"
shift || true
LEVELS=("${@:-8 64 256}")
CORPUS_TAR="${CORPUS_TAR:-../shared/datasets/pyvideo/pyvideo-data.tar.gz}"
WORK=target/bench
PORT="${BENCH_PORT:-7079}"

source bench/common.sh
if [ -d "$WORK/data" ]; then
  prepare_build
else
  prepare_benchmark
  import_unpublished
  TALKS_DATA_DIR="$WORK/data" java -jar target/talk-archive.jar reindex | tail -1
  TALKS_DATA_DIR="$WORK/data" java -jar target/talk-archive.jar embed | tail -1
fi
export TALKS_DATA_DIR="$WORK/data" PORT HOST=127.0.0.1

# LOAD_BASELINE=1: the same floods first with admission off (its maximum, 1024 at once), as before it existed
LIMITS=()
[ "${LOAD_BASELINE:-0}" = 1 ] && LIMITS+=(1024)
LIMITS+=("${TALKS_CONCURRENT_REQUESTS:-16}")
for LIMIT in "${LIMITS[@]}"; do
  echo "== TALKS_CONCURRENT_REQUESTS=$LIMIT"
  TALKS_CONCURRENT_REQUESTS=$LIMIT serve_in_background "$WORK/serve-load.log"
  # shellcheck disable=SC2086 # the levels are words
  bench_java org.talkarchive.bench.LoadBenchmark "http://127.0.0.1:$PORT" "$ES_URL" talks "$SECONDS_EACH" ${LEVELS[*]}
  echo "app memory after the floods (RSS): $(ps -o rss= -p $SERVER | awk '{printf "%.0f MB", $1/1024}')"
  echo "warnings and errors logged by the app: $(grep -cE "WARN|ERROR" "$WORK/serve-load.log" || true)"
  kill -TERM $SERVER; wait $SERVER 2>/dev/null || true
done
trap - EXIT
