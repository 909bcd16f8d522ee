#!/usr/bin/env bash
# Scale: import, full reindex and a query mix with facets at a given size, answered three ways in the same run
# (the API, raw Elasticsearch, PostgreSQL FTS + GROUP BY facet counts), with the resident memory (RSS) of the app
# and of both engines sampled while importing and reindexing.
# Usage: bench/scale.sh SIZE [queries]   SIZE: a number of synthetic talks (generate --seed 42), or "real" for
# the pyvideo corpus. Default 500 queries. Fresh embedded engines under target/bench-scale/.
# SCALE_DATA=dir bench/scale.sh SIZE: the data directory of an earlier run instead (already imported, so only the
# reindex and the queries run); SIZE then only labels the run. SCALE_SKIP_REINDEX=1 leaves the index as it is;
# SCALE_ENGINES_ONLY=1 leaves PostgreSQL out of the query mix (for trying engine settings at a million talks).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE="${1:?usage: bench/scale.sh SIZE|real [queries]}"
QUERIES="${2:-500}"
CORPUS_TAR="${CORPUS_TAR:-../shared/datasets/pyvideo/pyvideo-data.tar.gz}"
WORK=target/bench-scale
PORT="${BENCH_PORT:-7078}"
SAMPLE_SECONDS="${SAMPLE_SECONDS:-3}"

source bench/common.sh
if [ -n "${BENCH_SKIP_BUILD:-}" ] && [ -f "$WORK/classpath.txt" ]; then # a second size right after a first
  unset DATABASE_URL ELASTICSEARCH_URL
else
  prepare_build
fi
if [ -n "${SCALE_DATA:-}" ]; then
  export TALKS_DATA_DIR="$SCALE_DATA" PORT HOST=127.0.0.1
  DATA_ABS="$(cd "$SCALE_DATA" && pwd)"
else
  rm -rf "$WORK/data" "$WORK/corpus" "$WORK/pyvideo"
  export TALKS_DATA_DIR="$WORK/data" PORT HOST=127.0.0.1
  DATA_ABS="$(pwd)/$WORK/data"
fi

if [ -n "${SCALE_DATA:-}" ]; then
  echo "== $SIZE talks already imported in $SCALE_DATA"
elif [ "$SIZE" = real ]; then
  echo "== the pyvideo corpus"
  mkdir -p "$WORK/pyvideo" && tar -xzf "$CORPUS_TAR" -C "$WORK/pyvideo"
  CORPUS="$WORK/pyvideo"
else
  echo "== generate $SIZE synthetic talks"
  java -jar target/talk-archive.jar generate --talks "$SIZE" --seed 42 --out "$WORK/corpus" 2>/dev/null
  CORPUS="$WORK/corpus"
fi
[ -n "${SCALE_DATA:-}" ] || echo "corpus on disk: $(du -sh "$CORPUS" | cut -f1)"

rss_mb() { # the resident memory of the given pids, summed, in MB
  local total=0 kb
  for pid in "$@"; do kb=$(ps -o rss= -p "$pid" 2>/dev/null || true); total=$((total + ${kb:-0})); done
  echo $((total / 1024))
}

# Samples every $SAMPLE_SECONDS s while $1 (a pid) runs: seconds, app, Elasticsearch node, PostgreSQL (the
# postmaster and its backends), in MB, to $2.
sample_memory() {
  local app=$1 out=$2 start=$SECONDS es pm
  echo "s app_mb es_mb pg_mb" > "$out"
  while kill -0 "$app" 2>/dev/null; do
    es=$(pgrep -f "NodeMain $DATA_ABS/elasticsearch" | head -1 || true)
    pm=$(pgrep -f -- "-D $DATA_ABS/postgres" | head -1 || true)
    pg=""; [ -n "$pm" ] && pg="$pm $(pgrep -P "$pm" | tr '\n' ' ' || true)"
    echo "$((SECONDS - start)) $(rss_mb "$app") $(rss_mb $es) $(rss_mb $pg)" >> "$out"
    sleep "$SAMPLE_SECONDS"
  done
}

summarize_memory() { # min / median / max and the first and last third's means of each column, once all three run
  awk 'NR > 1 && $2 > 0 && $3 > 0 && $4 > 0 { n++; for (c = 2; c <= 4; c++) v[c, n] = $c }
    END {
      split("app Elasticsearch PostgreSQL", name, " ");
      printf "  %d samples; RSS in MB: min / median / max, mean of the first third -> last third\n", n;
      for (c = 2; c <= 4; c++) {
        m = 0; for (i = 1; i <= n; i++) s[i] = v[c, i];
        for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (s[j] < s[i]) { t = s[i]; s[i] = s[j]; s[j] = t }
        a = 0; b = 0; k = int(n / 3); if (k < 1) k = 1;
        for (i = 1; i <= k; i++) { a += v[c, i]; b += v[c, n - k + i] }
        printf "  %-14s %6d / %6d / %6d   %7.0f -> %7.0f\n", name[c - 1], s[1], s[int((n + 1) / 2)], s[n], a / k, b / k
      }
    }' "$1"
}

if [ -z "${SCALE_DATA:-}" ]; then
  echo "== import into empty PostgreSQL (--no-publish; the reindex below builds the index)"
  start=$SECONDS
  java -jar target/talk-archive.jar import "$CORPUS" --no-publish > "$WORK/import.out" 2> "$WORK/import.err" &
  IMPORT=$!
  sample_memory $IMPORT "$WORK/rss-import.txt"
  wait $IMPORT || { status=$?; [ $status -eq 2 ] || { cat "$WORK/import.err" | tail -5; exit $status; }; }
  echo "import took $((SECONDS - start)) s"; tail -1 "$WORK/import.out"
  summarize_memory "$WORK/rss-import.txt"
fi

if [ -z "${SCALE_SKIP_REINDEX:-}" ]; then
  echo "== full reindex"
  java -jar target/talk-archive.jar reindex > "$WORK/reindex.out" 2> "$WORK/reindex.err" &
  REINDEX=$!
  sample_memory $REINDEX "$WORK/rss-reindex.txt"
  wait $REINDEX
  tail -1 "$WORK/reindex.out"
  summarize_memory "$WORK/rss-reindex.txt"
fi

echo "== query mix with facets: API, raw Elasticsearch$([ -n "${SCALE_ENGINES_ONLY:-}" ] || echo ", PostgreSQL")"
java -jar target/talk-archive.jar serve > "$WORK/serve.log" 2>&1 &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do grep -q "is running" "$WORK/serve.log" && break; sleep 1; done
ES_URL=$(grep -o 'Embedded Elasticsearch ready at http://[0-9.:]*' "$WORK/serve.log" | awk '{print $NF}')
bench_java \
  org.talkarchive.bench.ScaleBenchmark "http://127.0.0.1:$PORT" "$ES_URL" talks "$TALKS_DATA_DIR" "$QUERIES" \
  ${SCALE_ENGINES_ONLY:+engines-only}
echo "serve's RSS after the queries: app $(rss_mb $SERVER) MB, Elasticsearch $(rss_mb $(pgrep -f "NodeMain $DATA_ABS/elasticsearch" | head -1)) MB"
