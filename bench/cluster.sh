#!/usr/bin/env bash
# Cluster: a real serve on an embedded 3-node Elasticsearch cluster (TALKS_ES_NODES=3, 3 shards, 1 replica each)
# with the pyvideo corpus, under a steady search load over HTTP; the elected master is killed with kill -9 and the
# supervisor starts it again. Prints search latency p50/p90/p99 and failures before, during (until green) and after
# the kill, and the time back to green. Loopback only; every step is bounded, so it stops by itself.
# Usage: bench/cluster.sh [phase seconds]   (default 20; fresh engines under target/bench-cluster/)
set -euo pipefail
cd "$(dirname "$0")/.."
PHASE="${1:-20}"
CORPUS_TAR="${CORPUS_TAR:-../shared/datasets/pyvideo/pyvideo-data.tar.gz}"
WORK="$(pwd)/target/bench-cluster"
PORT="${BENCH_PORT:-7077}"

source bench/common.sh
prepare_benchmark
echo "== import (full corpus into empty PostgreSQL, not yet published; the serve below builds the index)"
import_unpublished
echo "== serve on 3 nodes, kill -9 of the master under load"
bench_java \
  org.talkarchive.bench.ClusterBenchmark "$(pwd)/target/talk-archive.jar" "$WORK/data" "$PORT" "$PHASE"
