package org.talkarchive.infra.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EmbeddedNodeEnvironmentTest {

    @Test
    void aChildProcessSeesNoSecretsOfTheApp() throws Exception {
        Path env = Path.of("/usr/bin/env");
        assumeTrue(Files.isExecutable(env), "no /usr/bin/env to print a child's environment");
        ProcessBuilder builder = new ProcessBuilder(env.toString()).redirectErrorStream(true);
        builder.environment().put("TALKS_ADMIN_TOKEN", "s3cret-token");
        builder.environment().put("DATABASE_PASSWORD", "s3cret-password");
        builder.environment().put("ELASTICSEARCH_API_KEY", "s3cret-key");
        builder.environment().put("PATH", "/usr/bin:/bin");

        EmbeddedElasticsearch.keepOnlyNeededEnvironment(builder.environment());
        Process process = builder.start();
        String seen = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();

        assertThat(seen).contains("PATH=/usr/bin:/bin").doesNotContain("s3cret", "TALKS_ADMIN_TOKEN");
        assertThat(seen.lines().map(line -> line.substring(0, line.indexOf('='))))
                .allSatisfy(name -> assertThat(EmbeddedElasticsearch.CHILD_ENVIRONMENT).contains(name));
    }
}
