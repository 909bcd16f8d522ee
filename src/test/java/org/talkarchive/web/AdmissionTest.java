package org.talkarchive.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.testtools.JavalinTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import io.javalin.testtools.Response;
import org.junit.jupiter.api.Test;
import static org.talkarchive.testing.Responses.header;

/** How many viewers' requests are worked on at once, on a real Jetty with requests held until the test lets go. */
class AdmissionTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    /** A permit for each request that entered /slow; /slow answers when the test releases one of {@code gate}. */
    private final Semaphore entered = new Semaphore(0);
    private final Semaphore gate = new Semaphore(0);

    private Javalin app(Admission admission) {
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.before(admission::enter);
            config.routes.after(admission::leave);
            config.routes.get("/slow", ctx -> {
                entered.release();
                gate.tryAcquire(30, TimeUnit.SECONDS);
                ctx.result("slow");
            });
            config.routes.get("/fast", ctx -> ctx.result("fast"));
            config.routes.get("/failing", ctx -> {
                throw new IllegalStateException("the handler failed");
            });
            config.routes.get("/health", ctx -> ctx.result("up"));
            config.routes.exception(HttpResponseException.class,
                    (e, ctx) -> ctx.status(e.getStatus()).result(e.getMessage()));
            config.routes.exception(IllegalStateException.class, (e, ctx) -> ctx.status(500).result(e.getMessage()));
        });
        return app;
    }

    @Test
    void beyondTheLimitARequestWaitsItsTurnThenIsTurnedAwayWith503AndRetryAfter() {
        JavalinTest.test(app(new Admission(1, Duration.ofMillis(300), registry)), (server, client) -> {
            CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> client.get("/slow"));
            assertThat(entered.tryAcquire(10, TimeUnit.SECONDS)).isTrue();

            long started = System.nanoTime();
            Response turnedAway = client.get("/fast");
            assertThat(turnedAway.code()).isEqualTo(503);
            assertThat(header(turnedAway, "Retry-After")).isEqualTo(Integer.toString(Admission.RETRY_AFTER_SECONDS));
            assertThat(turnedAway.body().string()).contains("The archive is busy");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(registry.counter("talks_requests_turned_away").count()).isEqualTo(1);
            // an operator still sees how the archive is
            assertThat(client.get("/health").body().string()).isEqualTo("up");

            gate.release();
            assertThat(first.get(10, TimeUnit.SECONDS).body().string()).isEqualTo("slow");
            assertThat(client.get("/fast").body().string()).isEqualTo("fast");
        });
    }

    @Test
    void aRequestWaitingWhenATurnIsFreedIsAnswered() {
        JavalinTest.test(app(new Admission(1, Duration.ofSeconds(10), registry)), (server, client) -> {
            CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> client.get("/slow"));
            assertThat(entered.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Response> waiting = CompletableFuture.supplyAsync(() -> client.get("/fast"));
            Thread.sleep(200);
            assertThat(waiting).isNotDone();
            gate.release();
            assertThat(waiting.get(10, TimeUnit.SECONDS).body().string()).isEqualTo("fast");
            assertThat(first.get(10, TimeUnit.SECONDS).code()).isEqualTo(200);
        });
    }

    @Test
    void turnsComeBackFromFailedRequestsAndFromThoseThatGaveUp() {
        JavalinTest.test(app(new Admission(2, Duration.ofMillis(100), registry)), (server, client) -> {
            for (int i = 0; i < 5; i++) {
                assertThat(client.get("/failing").code()).isEqualTo(500);
            }
            for (int round = 0; round < 2; round++) {
                CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> client.get("/slow"));
                CompletableFuture<Response> second = CompletableFuture.supplyAsync(() -> client.get("/slow"));
                // both turns are free (none kept by the failures, nor by the waiters given up in the round before)
                assertThat(entered.tryAcquire(2, 10, TimeUnit.SECONDS)).isTrue();
                for (int i = 0; i < 3; i++) { // and no more than two: these give up waiting
                    assertThat(client.get("/fast").code()).isEqualTo(503);
                }
                gate.release(2);
                assertThat(first.get(10, TimeUnit.SECONDS).code()).isEqualTo(200);
                assertThat(second.get(10, TimeUnit.SECONDS).code()).isEqualTo(200);
            }
            assertThat(registry.counter("talks_requests_turned_away").count()).isEqualTo(6);
        });
    }
}
