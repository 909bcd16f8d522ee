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

    private Javalin app;
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
        })).exception(IllegalStateException.class, (e, ctx) -> ctx.status(503).result("unavailable")))
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
}
