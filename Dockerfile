# The archive's image: built with the Maven wrapper on a JDK 21 (which also compiles the embedded Elasticsearch
# node's analysis module), run on a JRE 21 as an unprivileged user. It runs either way the archive does:
#   against real engines (docker-compose.yml: DATABASE_URL, ELASTICSEARCH_URL), or
#   with its embedded PostgreSQL and Elasticsearch node and the 30-talk sample:
#     docker build -t talk-archive . && docker run --rm -p 7070:7070 talk-archive demo
# See docs/operations.md ("With Docker").

FROM eclipse-temurin:21-jdk AS build
WORKDIR /src
# The wrapper, Maven and every dependency and plugin first, in a layer of their own: it is built again only when
# the POM or the wrapper changes, not at every change of the sources.
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
RUN ./mvnw -q -B dependency:go-offline
COPY . .
# Not offline: go-offline misses what plugins resolve only when they run (the node's extra jar, test providers).
RUN ./mvnw -q -B -DskipTests package

FROM eclipse-temurin:21-jre
# Not root: nothing here needs it, and embedded PostgreSQL's initdb and postgres refuse to run as root.
# /data is TALKS_DATA_DIR, where the embedded engines keep their files: a volume, owned by that user.
RUN groupadd --system --gid 10001 talks \
    && useradd --system --uid 10001 --gid talks --home-dir /app --no-create-home --shell /usr/sbin/nologin talks \
    && mkdir -p /data \
    && chown talks:talks /data
WORKDIR /app
# Least often changed first: the embedded node's jars (Elasticsearch's version), then the application.
# The node's jars go beside the jar, where the archive looks for them.
COPY --from=build /src/target/elasticsearch-node/ /app/elasticsearch-node/
COPY --from=build /src/target/talk-archive.jar /app/talk-archive.jar
# HOST: inside a container the published port arrives on the container's own address, not on 127.0.0.1 (the
# app's default, for a laptop).
ENV TALKS_DATA_DIR=/data \
    HOST=0.0.0.0 \
    PORT=7070
VOLUME ["/data"]
USER talks:talks
EXPOSE 7070
ENTRYPOINT ["java", "-jar", "/app/talk-archive.jar"]
CMD ["serve"]
