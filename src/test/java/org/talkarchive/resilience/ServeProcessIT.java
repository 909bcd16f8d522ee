package org.talkarchive.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.parallel.Isolated;
import org.talkarchive.resilience.ViewerClient.Outcome;

/**
 * The real {@code demo} (which is {@code serve} after an import) in a process of its own, on a new data directory:
 * its first search, and a stop by SIGTERM as an operator's service manager sends it.
 */
@Isolated("It asserts how fast a new serve answers its first search, with a JVM and engines of its own starting")
@Tag("fault")
class ServeProcessIT {

    @TempDir
    Path dir;

    @Test
    void aNewServeAnswersItsFirstSearchFromAWarmEngineAndStopsQuietly() throws Exception {
        int port = freePort();
        Path data = dir.resolve("data");
        Path log = dir.resolve("serve.log");
        Process serve = FaultHarness.startCli(FaultHarness.jar(), data,
                Map.of("PORT", Integer.toString(port), "HOST", "127.0.0.1", "TALKS_ES_HEAP", "512m"), log, "demo");
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
            while (serve.isAlive() && !Files.readString(log).contains("Talk Archive is running at")
                    && System.nanoTime() < deadline) {
                FaultHarness.sleep(Duration.ofMillis(100));
            }
            assertThat(Files.readString(log)).contains("Talk Archive is running at");
            ViewerClient viewer = new ViewerClient("http://127.0.0.1:" + port);
            // the very first search used to be answered degraded, after 3.4 s: the node was cold
            Outcome first = viewer.get("/api/talks?q=python");
            System.out.printf("a new serve's first search: %d in %d ms, degraded %s%n", first.status(),
                    first.millis(), first.degraded());
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.degraded()).as("the first search was answered by the engine").isFalse();
            assertThat(first.millis()).as("the first search took").isLessThan(2_000);
            Outcome ready = viewer.get("/ready");
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.health()).as("warmed up before it listened").isEqualTo("UP");
            assertThat(viewer.get("/health").health()).isEqualTo("UP");
        } finally {
            serve.destroy(); // SIGTERM
            if (!serve.waitFor(90, TimeUnit.SECONDS)) {
                serve.destroyForcibly().waitFor();
            }
        }
        String output = Files.readString(log);
        // PostgreSQL used to be stopped by its library's own shutdown hook under the running publisher, whose
        // listening connection then failed with a WARN and a stack trace at every stop
        assertThat(output).doesNotContain("\tat ", "marked as broken", " ERROR ");
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .map(c -> c.contains(data.toString())).orElse(false)))
                .as("the engines stopped with it").isEmpty();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
