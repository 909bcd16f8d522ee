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

/**
 * The real {@code demo} (which is {@code serve} after an import) in a process of its own, on a new data directory,
 * stopped by SIGTERM as an operator's service manager stops it.
 */
class ServeProcessIT {

    @TempDir
    Path dir;

    @Test
    void aNewServeStopsQuietly() throws Exception {
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
            assertThat(viewer.get("/ready").status()).isEqualTo(200);
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
