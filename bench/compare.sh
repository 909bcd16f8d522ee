#!/usr/bin/env bash
# Search latency of this working tree against another commit, in one run, on the full pyvideo corpus: both builds
# import the corpus into engines of their own, serve side by side, and get every query in turn (the two taking
# turns going first), so a busy machine slows both alike.
# Usage: bench/compare.sh <base commit> [queries]   (default 2000). Works under target/bench-compare/.
set -euo pipefail
cd "$(dirname "$0")/.."
BASE_REF="${1:?usage: bench/compare.sh <base commit> [queries]}"
QUERIES="${2:-2000}"
CORPUS_TAR="${CORPUS_TAR:-../shared/datasets/pyvideo/pyvideo-data.tar.gz}"
WORK=target/bench-compare
BASE_PORT="${BENCH_PORT:-7079}"
HEAD_PORT=$((BASE_PORT + 1))

source bench/common.sh
mkdir -p "$WORK"
prepare_benchmark
echo "head: $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' + uncommitted changes')"

echo "== building base $BASE_REF"
rm -rf "$WORK/base-src" && mkdir -p "$WORK/base-src"
git archive "$BASE_REF" | tar -x -C "$WORK/base-src"
(cd "$WORK/base-src" && ./mvnw -q -B -DskipTests package)
echo "base: $(git rev-parse --short "$BASE_REF")"

HEAD_JAR="$PWD/target/talk-archive.jar"
BASE_JAR="$PWD/$WORK/base-src/target/talk-archive.jar"
SERVERS=()
trap 'for p in "${SERVERS[@]}"; do kill -TERM "$p" 2>/dev/null; done; wait 2>/dev/null || true' EXIT

# Each build: its own data directory (embedded PostgreSQL and Elasticsearch), the corpus, a full index, served.
start() { # name jar port
  local data="$WORK/$1-data"
  rm -rf "$data"
  echo "== $1: import and reindex"
  TALKS_DATA_DIR="$data" java -jar "$2" import "$WORK/pyvideo" --no-publish | tail -1
  TALKS_DATA_DIR="$data" java -jar "$2" reindex | tail -1
  TALKS_DATA_DIR="$data" PORT="$3" HOST=127.0.0.1 java -jar "$2" serve > "$WORK/$1-serve.log" 2>&1 &
  SERVERS+=($!)
}
start base "$BASE_JAR" "$BASE_PORT"
start head "$HEAD_JAR" "$HEAD_PORT"
for log in "$WORK/base-serve.log" "$WORK/head-serve.log"; do
  for _ in $(seq 1 180); do grep -q "is running" "$log" && break; sleep 1; done
  grep -q "is running" "$log" || { echo "a server did not start: $log" >&2; tail -20 "$log" >&2; exit 1; }
done
BASE_ES=$(grep -o 'Embedded Elasticsearch ready at http://[0-9.:]*' "$WORK/base-serve.log" | awk '{print $NF}')
# The CPU each build spends: its server (with the engine it started) and its PostgreSQL (the postmaster).
postmaster() { head -1 "$WORK/$1-data/postgres/postmaster.pid"; }
bench_java org.talkarchive.bench.CompareBenchmark \
  "http://127.0.0.1:$BASE_PORT" "$BASE_ES" "http://127.0.0.1:$HEAD_PORT" talks "$QUERIES" \
  "${SERVERS[0]}" "$(postmaster base)" "${SERVERS[1]}" "$(postmaster head)"
