# Shared by the benchmark scripts: build the jar, write the test class path to $WORK/classpath.txt (without the
# embedded node's server jars, which run in their own JVM), and unpack the corpus to $WORK/pyvideo.
# Needs WORK and CORPUS_TAR set; run from the project root.
prepare_benchmark() {
  prepare_build
  rm -rf "$WORK/data" "$WORK/pyvideo" && mkdir -p "$WORK/pyvideo"
  tar -xzf "$CORPUS_TAR" -C "$WORK/pyvideo"
}

# A class of the project's own (main or test) with the classpath prepare_build wrote.
bench_java() {
  java -cp "target/test-classes:target/classes:$(cat "$WORK/classpath.txt")" "$@"
}

# The unpacked corpus into the fresh engines under $WORK/data, not published (the next serve or reindex builds the
# index); prints the import's summary line and how long it took.
import_unpublished() {
  local started=$SECONDS
  TALKS_DATA_DIR="$WORK/data" java -jar target/talk-archive.jar import "$WORK/pyvideo" --no-publish 2>/dev/null | tail -1
  echo "import took $((SECONDS - started)) s"
}

# The jar and $WORK/classpath.txt only, with fresh engines' folders left to the caller (synthetic corpora need no
# tarball). Needs WORK set.
prepare_build() {
  mkdir -p "$WORK"
  ./mvnw -q -B -DskipTests package
  ./mvnw -q -B dependency:build-classpath -Dmdep.outputFile="$WORK/classpath.txt" -DincludeScope=test \
    -DexcludeGroupIds=org.elasticsearch,org.elasticsearch.plugin,org.apache.lucene,org.apache.logging.log4j,org.seleniumhq.selenium,co.elastic.logging \
    -DexcludeArtifactIds=opentelemetry-sdk-extension-autoconfigure,opentelemetry-sdk-extension-autoconfigure-spi
  unset DATABASE_URL ELASTICSEARCH_URL
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(java -version 2>&1 | head -1)"
}

# `serve` in the background with the environment given before the call, its log in $1; sets SERVER (its pid, stopped
# on exit) and ES_URL (its embedded node) once it says it is running.
serve_in_background() {
  java -jar target/talk-archive.jar serve > "$1" 2>&1 &
  SERVER=$!
  trap 'kill -TERM $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
  for _ in $(seq 1 120); do grep -q "is running" "$1" && break; sleep 1; done
  ES_URL=$(grep -o 'Embedded Elasticsearch ready at http://[0-9.:]*' "$1" | awk '{print $NF}')
}
