package org.talkarchive.web.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A download that fails midway must reach the client as a broken transfer, never as a complete 200. */
class StreamingTest {

    private static final long ENDLESS = 1L << 30;
    private static final int LONG = 32 * 1024 * 1024;

    private Javalin app;
    private final java.util.concurrent.CompletableFuture<String> endlessEnded =
            new java.util.concurrent.CompletableFuture<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        app = Javalin.create(config -> config.routes.get("/fails-midway", ctx -> {
            ctx.contentType("text/csv");
            Streaming.streamOrAbort(ctx, () -> {
                // a first batch large enough to leave the server's buffers (small writes are held for compression)
                ctx.outputStream().write("id,title\n1,first batch\n".repeat(400).getBytes(StandardCharsets.UTF_8));
                ctx.outputStream().flush(); // the response has begun: status 200 is on the wire
                throw new IllegalStateException("the engine went away between batches");
            });
        }).get("/fails-first", ctx -> Streaming.streamOrAbort(ctx, () -> {
            ctx.result("never sent");
            throw new IllegalStateException("the engine is down");
        })).get("/completes", ctx -> Streaming.streamOrAbort(ctx, () -> {
            ctx.outputStream().write("id\n1\n".getBytes(StandardCharsets.UTF_8));
            ctx.outputStream().close();
        })).get("/endless", ctx -> {
            ctx.contentType("text/csv");
            Streaming.streamOrAbort(ctx, () -> {
                byte[] batch = "id,title\n1,a talk\n".repeat(4096).getBytes(StandardCharsets.UTF_8);
                try {
                    for (long sent = 0; sent < ENDLESS; sent += batch.length) {
                        ctx.outputStream().write(batch);
                    }
                    endlessEnded.complete("completed");
                } catch (IOException e) {
                    endlessEnded.complete("failed: " + e);
                    throw e;
                }
            }, new Streaming.Pace(Duration.ofMillis(500), 1024 * 1024));
        }).get("/long", ctx -> Streaming.streamOrAbort(ctx, () -> {
            // about 3 s at 10 MB/s: several windows of the pace below, each well above its least
            byte[] batch = new byte[64 * 1024];
            java.util.Arrays.fill(batch, (byte) 'x');
            for (int i = 0; i < LONG / batch.length; i++) {
                ctx.outputStream().write(batch);
                if (i % 16 == 0) {
                    Thread.sleep(100);
                }
            }
        }, new Streaming.Pace(Duration.ofMillis(500), 1024 * 1024))).exception(IllegalStateException.class, (e, ctx) -> ctx.status(503).result("unavailable")))
                .start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aFailureAfterTheFirstBytesAbortsTheConnection() {
        assertThatThrownBy(() -> get("/fails-midway")).isInstanceOf(IOException.class);
    }

    @Test
    void aFailureBeforeAnythingWasSentIsAnOrdinaryErrorAnswer() throws Exception {
        HttpResponse<String> response = get("/fails-first");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).isEqualTo("unavailable");
    }

    @Test
    void aCompleteStreamEndsNormally() throws Exception {
        HttpResponse<String> response = get("/completes");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("id\n1\n");
    }

    @Test
    void aDownloadWhoseClientStopsReadingIsAbortedAndEnds() throws Exception {
        long read = 0;
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", app.port())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write("GET /endless HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            java.io.InputStream in = socket.getInputStream();
            read += in.readNBytes(1024).length; // the download has begun; then the client stops reading
            String ended = endlessEnded.get(15, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(ended).as("the download's writer was stopped").startsWith("failed");
            try {
                byte[] buffer = new byte[64 * 1024];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    read += n; // what the socket buffers held, then the end
                }
            } catch (IOException reset) {
                // an aborted connection may also end in a reset
            }
        }
        assertThat(read).as("the client got a cut-short download").isLessThan(ENDLESS);
    }

    @Test
    void aDownloadReadAtItsPaceEndsWhole() throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port()
                + "/long")).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).hasSize(LONG);
    }
}
