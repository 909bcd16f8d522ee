#!/usr/bin/env bash
# Relevance evaluation on the full pyvideo corpus: a judged query set generated from the corpus (fixed seed),
# run through our search and through a PostgreSQL FTS + pg_trgm baseline on the same data, in the same run.
# Usage: bench/relevance.sh [seed] [queries per kind]   (defaults 20240501, 40). Uses fresh embedded engines
# under target/bench-relevance/; the judged set is written to target/bench-relevance/queries.json.
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS_TAR="${CORPUS_TAR:-../shared/datasets/pyvideo/pyvideo-data.tar.gz}"
WORK=target/bench-relevance

source bench/common.sh
prepare_benchmark
export TALKS_DATA_DIR="$WORK/data"

echo "== import (full corpus into empty PostgreSQL)"
java -jar target/talk-archive.jar import "$WORK/pyvideo" --no-publish 2> "$WORK/import.log" | tail -1

echo "== full reindex"
java -jar target/talk-archive.jar reindex | tail -1

echo "== relevance: ours vs the PostgreSQL baseline"
bench_java \
  org.talkarchive.relevance.RelevanceEvaluation "$WORK/queries.json" "$@"
