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
