package org.talkarchive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml cannot be run where there is no Docker engine, but it can be validated: `docker-compose config`
 * (Debian's docker-compose package, which .ci/run installs) parses it and resolves its variables.
 */
class DockerComposeConfigTest {

    private static String run(boolean withPassword, String... options) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("docker-compose", "-f",
                "docker-compose.yml"));
        command.addAll(java.util.List.of(options));
        command.add("config");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("POSTGRES_PASSWORD");
        if (withPassword) {
            pb.environment().put("POSTGRES_PASSWORD", "from-the-environment");
        }
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process.exitValue() + "\n" + output;
    }

    private static boolean dockerComposeInstalled() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, "docker-compose").canExecute()) {
                return true;
            }
        }
        return false;
    }

    @Test
    void composeFileIsValidAndWiresTheAppToBothEngines() throws Exception {
        assumeTrue(dockerComposeInstalled(), "docker-compose is not installed (.ci/run installs it)");
        String result = run(true);
        assertThat(result).startsWith("0\n");
        assertThat(result).contains("image: postgres:17", "image: docker.elastic.co/elasticsearch/elasticsearch:9.",
                "DATABASE_URL: jdbc:postgresql://postgres:5432/talks", "ELASTICSEARCH_URL: http://elasticsearch:9200",
                "DATABASE_PASSWORD: from-the-environment", "condition: service_healthy");
        // /health answers {"status": "UP", ...}: the app's health check looks for that, not a word it no longer says
        assertThat(result).contains("GET /health HTTP/1.0").contains("grep -q UP");
        assertThat(result).as("the app logs JSON lines, for a log collector").contains("TALKS_LOG_FORMAT: json");
    }

    /**
     * The image (no Docker engine here to build it; a linter checks the syntax, see docs/operations.md): not root,
     * the dependencies in a layer before the sources, and what the embedded default needs beside the jar.
     */
    @Test
    void theImageRunsAsAnotherUserCachesTheDependenciesAndCarriesTheEmbeddedNode() throws Exception {
        java.util.List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of("Dockerfile")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        int runtime = 0; // the last stage's FROM
        for (int i = 0; i < lines.size(); i++) {
            runtime = lines.get(i).startsWith("FROM ") ? i : runtime;
        }
        java.util.List<String> build = lines.subList(0, runtime);
        java.util.List<String> image = lines.subList(runtime, lines.size());

        int dependencies = build.indexOf("RUN ./mvnw -q -B dependency:go-offline");
        int sources = build.indexOf("COPY . .");
        assertThat(dependencies).as("a dependency layer").isPositive();
        assertThat(build.subList(0, dependencies)).as("made from the POM and the wrapper alone")
                .contains("COPY mvnw pom.xml ./", "COPY .mvn/ .mvn/").noneMatch(l -> l.equals("COPY . ."));
        assertThat(sources).as("the sources after it").isGreaterThan(dependencies);

        String user = image.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
        assertThat(user.substring("USER ".length()).split(":")[0]).isNotIn("root", "0");
        assertThat(image).contains("COPY --from=build /src/target/elasticsearch-node/ /app/elasticsearch-node/",
                "COPY --from=build /src/target/talk-archive.jar /app/talk-archive.jar",
                "ENTRYPOINT [\"java\", \"-jar\", \"/app/talk-archive.jar\"]", "CMD [\"serve\"]");
        assertThat(String.join("\n", image))
                .contains("TALKS_DATA_DIR=/data", "HOST=0.0.0.0", "chown talks:talks /data");
        assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("docs/operations.md")))
                .as("the embedded default in the image, documented")
                .contains("docker run --rm -p 7070:7070 talk-archive demo");
    }

    @Test
    void thePasswordMustComeFromTheEnvironment() throws Exception {
        assumeTrue(dockerComposeInstalled(), "docker-compose is not installed (.ci/run installs it)");
        String result = run(false);
        assertThat(result).doesNotStartWith("0\n").contains("POSTGRES_PASSWORD");
    }

    @Test
    void theClusterProfileHasThreeNodesAndTheAppNamesThemAll() throws Exception {
        assumeTrue(dockerComposeInstalled(), "docker-compose is not installed (.ci/run installs it)");
        String result = run(true, "--profile", "cluster");
        assertThat(result).startsWith("0\n");
        assertThat(result).contains("  es01:", "  es02:", "  es03:", "  app-cluster:",
                "discovery.seed_hosts: es01,es02,es03", "cluster.initial_master_nodes: es01,es02,es03",
                "TALKS_INDEX_REPLICAS: '1'");
        String urls = result.lines().map(String::trim).filter(l -> l.startsWith("ELASTICSEARCH_URL: http://es01"))
                .findFirst().orElseThrow().substring("ELASTICSEARCH_URL: ".length());
        assertThat(org.talkarchive.config.ElasticsearchHosts.parse(urls)).extracting(Object::toString)
                .containsExactly("http://es01:9200", "http://es02:9200", "http://es03:9200");
    }
}
