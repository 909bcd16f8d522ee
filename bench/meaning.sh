#!/usr/bin/env bash
# Search by meaning on the full pyvideo corpus: import, index the words, compute every talk's vector (rate printed),
# then the hand-judged queries (src/test/resources/relevance/meaning-queries.tsv) through words only, meaning only,
# each fusion rule and the PostgreSQL FTS + pg_trgm baseline, in one run on one database.
# Usage: bench/meaning.sh. Uses fresh embedded engines under target/bench-meaning/ (MEANING_REUSE=1 keeps them).
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS_TAR="${CORPUS_TAR:-../shared/datasets/pyvideo/pyvideo-data.tar.gz}"
WORK=target/bench-meaning

source bench/common.sh
if [ "${MEANING_REUSE:-0}" = 1 ] && [ -d "$WORK/data" ]; then
  prepare_build
  echo "== full reindex of the data kept from the last run (stored vectors are reused)"
  TALKS_DATA_DIR="$WORK/data" java -jar target/talk-archive.jar reindex | tail -1
else
  prepare_benchmark
  echo "== import (full corpus into empty PostgreSQL)"
  import_unpublished
  echo "== full reindex (words; every talk waits for its vector)"
  TALKS_DATA_DIR="$WORK/data" java -jar target/talk-archive.jar reindex | tail -1
fi
echo "== vectors, then the judged queries"
TALKS_DATA_DIR="$WORK/data" bench_java org.talkarchive.relevance.MeaningEvaluation "$@"
