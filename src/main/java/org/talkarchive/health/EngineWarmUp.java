package org.talkarchive.health;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Searches Elasticsearch before viewers do whenever it is cold: at a serve's start, and after the node came back from
 * a restart or an outage. A cold node answers its first searches slowly (its caches and JIT, shards still
 * recovering), past the viewers' 2 s limit: the circuit breaker then opened again and {@code /ready} fell back from
 * UP seconds after it had said so, and a fresh serve's first search was answered degraded. So Elasticsearch counts as
 * up only once warmed ({@link #warm}), and the warm-up's searches go through a patient client of their own, whose slow answers
 * count against no viewer's breaker.
 */
public final class EngineWarmUp {

    private static final Logger log = LoggerFactory.getLogger(EngineWarmUp.class);

    /** One search a viewer would make; true when the engine answered it (not the PostgreSQL fallback). */
    public interface Search {
        boolean answeredByEngine();
    }

    /** What the watcher asks the engine: whether it can be reached at all. */
    public enum Probe { ANSWERS, SLOW, AWAY }

    private static final Duration ROUND_PAUSE = Duration.ofMillis(250);

    private final List<Search> searches;
    private final Duration fastEnough;
    private volatile boolean cold;

    /**
     * @param searches   what viewers search (words, filters, browsing, suggestions), one round of warm-up
     * @param fastEnough a round whose every search the engine answered within this is warm: well under the viewers'
     *                   limit, so their searches stay under it
     */
    public EngineWarmUp(List<Search> searches, Duration fastEnough) {
        this.searches = List.copyOf(searches);
        this.fastEnough = fastEnough;
    }

    /** False from the moment the engine was seen away or restarted until a warm-up after it answers again. */
    public boolean warm() {
        return !cold;
    }

    /**
     * Searches round after round until a round is answered by the engine, each search within the time allowed, or
     * until {@code limit} has passed; then the engine counts as warm either way (a machine this slow would never
     * be ready otherwise, and the breaker still guards viewers). Returns whether it got fast.
     */
    public boolean warmUp(Duration limit) {
        cold = true;
        long started = System.nanoTime();
        long deadline = started + limit.toNanos();
        int rounds = 0;
        boolean fast = false;
        while (!fast && System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
            rounds++;
            fast = round();
        }
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        if (fast) {
            log.info("Elasticsearch warmed up: {} round(s) of searches in {} ms", rounds, took);
        } else {
            log.warn("Elasticsearch still slow after {} round(s) of warm-up searches in {} ms; serving anyway",
                    rounds, took);
        }
        cold = false;
        return fast;
    }

    private boolean round() {
        boolean fast = true;
        for (Search search : searches) {
            long started = System.nanoTime();
            boolean answered;
            try {
                answered = search.answeredByEngine();
            } catch (RuntimeException e) {
                log.debug("Warm-up search failed: {}", e.toString());
                answered = false;
            }
            fast &= answered && System.nanoTime() - started <= fastEnough.toNanos();
        }
        if (!fast) {
            pause(); // a failing engine's searches fall back to PostgreSQL: no tight loop on it
        }
        return fast;
    }

    private static void pause() {
        try {
            Thread.sleep(ROUND_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Watches the engine every {@code every} until the returned handle is closed: when it is away (connections
     * refused or broken), it is cold, and once it answers again it is warmed up before readiness counts it. A node
     * restarted by the supervisor is seen away first (starting one takes seconds). A slow answer is not "away":
     * that is the breaker's business.
     *
     * @param probe whether the engine can be reached now
     * @param limit how long one warm-up may search (see {@link #warmUp})
     */
    public AutoCloseable watch(Supplier<Probe> probe, Duration every, Duration limit) {
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "engine-warm-up");
            thread.setDaemon(true);
            return thread;
        });
        watcher.scheduleWithFixedDelay(() -> {
            try {
                look(probe.get(), limit);
            } catch (RuntimeException e) {
                log.debug("Watching Elasticsearch: {}", e.toString());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return () -> {
            watcher.shutdownNow();
            watcher.awaitTermination(10, TimeUnit.SECONDS);
        };
    }

    private void look(Probe state, Duration limit) {
        if (state == Probe.AWAY) {
            if (!cold) {
                log.info("Elasticsearch is away; once it answers again it is warmed up before /ready says 200");
            }
            cold = true;
        } else if (cold) {
            warmUp(limit);
        }
    }

    /** The probe's verdict on a failed request: refused or broken connections mean away, anything else slow. */
    public static Probe verdict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketException // refused, reset
                    || t instanceof org.apache.hc.core5.http.ConnectionClosedException
                    || t instanceof org.apache.hc.core5.http.NoHttpResponseException) {
                return Probe.AWAY;
            }
        }
        return Probe.SLOW;
    }
}
