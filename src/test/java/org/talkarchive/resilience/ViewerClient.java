package org.talkarchive.resilience;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** What viewers get from a serving archive at {@code base}: single requests, a bounded load, readiness. */
public final class ViewerClient {

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public ViewerClient(String base) {
        this.base = base;
    }

    public String base() {
        return base;
    }

    /**
     * One request and what came of it: status (0 when no answer), time, whether the page was degraded, whether it
     * said that changes still wait to be published, and for /health and /ready the {@code status} they reported
     * (UP, DEGRADED, DOWN; null for other answers).
     */
    public record Outcome(String path, int status, long millis, boolean degraded, boolean retryAfter,
                          boolean catchingUp, String health) {
    }

    // /health and /ready answer {"status": ..., "components": ...}: the first field is the whole archive's
    private static final java.util.regex.Pattern HEALTH = java.util.regex.Pattern.compile("^\\{\"status\":\"(\\w+)\"");

    public Outcome get(String path) {
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base() + path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Outcome(path, response.statusCode(), elapsed(started),
                    response.body().contains("\"degraded\":true") || response.body().contains("id=\"degraded\""),
                    response.headers().firstValue("Retry-After").isPresent(),
                    response.body().contains("\"catching_up\":true") || response.body().contains("id=\"catching-up\""),
                    health(response.body()));
        } catch (IOException e) {
            return new Outcome(path, 0, elapsed(started), false, false, false, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(path, 0, elapsed(started), false, false, false, null);
        }
    }

    /** One request, its whole answer. */
    public HttpResponse<String> getResponse(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(10)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> post(String path, String adminToken) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base() + path))
                    .header("Authorization", "Bearer " + adminToken)
                    .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String health(String body) {
        java.util.regex.Matcher m = HEALTH.matcher(body);
        return m.find() ? m.group(1) : null;
    }

    private static long elapsed(long started) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    /**
     * Viewers' requests from {@code threads} threads, round-robin over {@code paths}, until stopped or until
     * {@code limit} has passed, whichever comes first: a load that always stops by itself.
     */
    public Load load(List<String> paths, int threads, Duration limit) {
        return new Load(paths, threads, limit);
    }

    public final class Load implements AutoCloseable {
        private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> workers = new ArrayList<>();

        private Load(List<String> paths, int threads, Duration limit) {
            long deadline = System.nanoTime() + limit.toNanos();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                Thread worker = new Thread(() -> {
                    for (int i = offset; running.get() && System.nanoTime() < deadline; i += threads) {
                        outcomes.add(get(paths.get(i % paths.size())));
                    }
                }, "load-" + t);
                worker.setDaemon(true);
                worker.start();
                workers.add(worker);
            }
        }

        /** What was answered so far (a copy). */
        public List<Outcome> outcomes() {
            return List.copyOf(outcomes);
        }

        /** Forgets the outcomes so far: the next look covers only what follows. */
        public void reset() {
            outcomes.clear();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread worker : workers) {
                worker.join(15_000);
            }
        }
    }

    /**
     * Waits until /ready answers 200 with every component up (status UP: healed, not merely ready while degraded);
     * returns how long that took.
     */
    public Duration awaitReady(Duration limit) {
        long started = System.nanoTime();
        long deadline = started + limit.toNanos();
        while (System.nanoTime() < deadline) {
            Outcome ready = get("/ready");
            if (ready.status() == 200 && "UP".equals(ready.health())) {
                return Duration.ofNanos(System.nanoTime() - started);
            }
            sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException("not UP within " + limit + ": " + readyBody());
    }

    private String readyBody() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base() + "/ready")).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException | InterruptedException e) {
            return e.toString();
        }
    }

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
