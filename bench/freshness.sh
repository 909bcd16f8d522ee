#!/usr/bin/env bash
# Freshness: how long a committed change takes to become searchable, with the publisher polling every 250 ms
# (before) and woken by PostgreSQL LISTEN/NOTIFY (after), on the same engines and data in one run.
# Usage: bench/freshness.sh [talks] [single updates] [bulk rows]   (defaults 5000, 200, 2000). The corpus is
# synthetic (generate --seed 42); fresh embedded engines under target/bench-freshness/.
#    or: bench/freshness.sh DATA_DIR [single updates] [bulk rows]: the engines of an earlier run, as they are (the
# million talks bench/scale.sh left in target/bench-scale/data, say); nothing is generated or imported.
set -euo pipefail
cd "$(dirname "$0")/.."
TALKS="${1:-5000}"
UPDATES="${2:-200}"
BULK="${3:-2000}"
WORK=target/bench-freshness

source bench/common.sh
prepare_build
if [ -d "$TALKS" ]; then
  export TALKS_DATA_DIR="$TALKS"
  CORPUS=-
  echo "== the talks already in $TALKS"
else
  rm -rf "$WORK/data" "$WORK/corpus"
  export TALKS_DATA_DIR="$WORK/data"
  CORPUS="$WORK/corpus"
  echo "== generate $TALKS synthetic talks"
  java -jar target/talk-archive.jar generate --talks "$TALKS" --seed 42 --out "$CORPUS" 2>/dev/null
fi

echo "== import (unless already there), then $UPDATES single updates and a bulk update of $BULK rows, polling then notified"
bench_java \
  org.talkarchive.bench.FreshnessBenchmark "$CORPUS" "$UPDATES" "$BULK" 2> "$WORK/freshness.log"
