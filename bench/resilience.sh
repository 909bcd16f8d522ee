#!/usr/bin/env bash
# Resilience benchmark on the full pyvideo corpus: faults injected into a real `serve` under steady viewer load
# (CLI commands beside it, kill -9 of each embedded engine, a reindex killed mid-build, TRUNCATE), with what
# viewers got, time until ready again, and a consistency check after each. Stops by itself (each step is bounded).
# Usage: bench/resilience.sh      (uses fresh embedded engines under target/bench-resilience/; loopback only)
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS_TAR="${CORPUS_TAR:-../shared/datasets/pyvideo/pyvideo-data.tar.gz}"
WORK="$(pwd)/target/bench-resilience"
PORT="${BENCH_PORT:-7078}"

source bench/common.sh
prepare_benchmark
echo "== import (full corpus into empty PostgreSQL, durable settings, not yet published)"
import_unpublished
bench_java \
  org.talkarchive.bench.ResilienceBenchmark "$(pwd)/target/talk-archive.jar" "$WORK/data" "$WORK/pyvideo" "$PORT"
