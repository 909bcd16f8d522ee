package org.talkarchive.web.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.talkarchive.testing.Responses.header;

import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The limit on concurrent downloads, on a real Jetty with downloads held open until the test lets them finish. */
class ExportSlotsTest {

    @Test
    void downloadsBeyondTheLimitGet429WithRetryAfterAndASlotFreedIsTakenAgain() throws Exception {
        ExportSlots slots = new ExportSlots(2);
        CountDownLatch started = new CountDownLatch(2);
        CountDownLatch finish = new CountDownLatch(1);
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/slow", ctx -> slots.run(ctx, () -> {
                started.countDown();
                finish.await(30, TimeUnit.SECONDS);
                ctx.result("done");
            }));
            config.routes.get("/fast", ctx -> slots.run(ctx, () -> ctx.result("done")));
            config.routes.exception(io.javalin.http.HttpResponseException.class,
                    (e, ctx) -> ctx.status(e.getStatus()).result(e.getMessage()));
        });
        JavalinTest.test(app, (server, client) -> {
            CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> client.get("/slow"));
            CompletableFuture<Response> second = CompletableFuture.supplyAsync(() -> client.get("/slow"));
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            Response third = client.get("/fast");
            assertThat(third.code()).isEqualTo(429);
            assertThat(header(third, "Retry-After")).isEqualTo("10");
            assertThat(third.body().string()).contains("Other downloads are running");
            finish.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS).code()).isEqualTo(200);
            assertThat(second.get(10, TimeUnit.SECONDS).code()).isEqualTo(200);
            assertThat(client.get("/fast").body().string()).isEqualTo("done");
        });
    }
}
