#!/usr/bin/env bash
# kNN at scale: the archive's kNN request over TALKS talks' vectors in an index of the archive's definition on an
# embedded node, without a filter and with a year range, beside the exact answer (every vector compared) and the
# approximate search's recall of it, then that recall and the latency with 2, 4 and 8 times the candidates, on the
# index as written and merged into one segment. The vectors: BASE talks of the seeded generator embedded with the archive's
# model, each the centre of TALKS/BASE vectors around it (see KnnScaleBenchmark). Loopback only; stops by itself.
# Usage: bench/knn-scale.sh [TALKS] [BASE] [QUERIES]   (defaults 1000000 10000 2000; fresh under target/bench-knn/)
set -euo pipefail
cd "$(dirname "$0")/.."
TALKS="${1:-1000000}"
BASE="${2:-10000}"
QUERIES="${3:-2000}"
WORK="$(pwd)/target/bench-knn"

source bench/common.sh
prepare_build
rm -rf "$WORK/corpus" "$WORK/node"
echo "== $TALKS talks' vectors around $BASE embedded synthetic talks; $QUERIES timed kNN requests each way"
bench_java -Dheap="${KNN_HEAP:-1g}" org.talkarchive.bench.KnnScaleBenchmark "$TALKS" "$BASE" "$QUERIES" "$WORK"
