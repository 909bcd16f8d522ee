package org.talkarchive.web;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.talkarchive.ui.Assets;

/**
 * How many viewers' requests are worked on at once; the others wait their turn for a moment, and beyond that are
 * turned away at once with 503 and {@code Retry-After}. Without it a flood of searches (256 clients on loopback)
 * queued in the search client until its requests timed out, the timeouts opened the circuit breaker, every search
 * fell back to PostgreSQL, the read pool ran dry, and four in five viewers got a 503 for a while after it (see
 * docs/operations.md). Turned away in time, the rest are answered by the engine, fast.
 *
 * <p>A fair {@link Semaphore}: turns in order of arrival. (Failsafe's {@code Bulkhead} 3.3.2 was tried first: a
 * waiter that gave up stays in its queue and is later handed a permit nobody returns, and after one flood every
 * request was turned away.)
 *
 * <p>Health, readiness, metrics, static files and the admin's pages are never held back: they are how an operator
 * sees and mends an overloaded archive. Downloads have slots of their own ({@code ExportSlots}). Only reads (GET,
 * HEAD) take turns.
 */
final class Admission {

    /** What a turned-away viewer is told: the queue empties within a second or two. */
    static final int RETRY_AFTER_SECONDS = 2;
    private static final String ADMITTED = Admission.class.getName();

    private final Semaphore turns;
    private final Duration maxWait;
    private final Counter turnedAway;

    /**
     * @param concurrent requests worked on at once
     * @param maxWait    how long a request beyond them waits for its turn before it is turned away
     */
    Admission(int concurrent, Duration maxWait, MeterRegistry registry) {
        this.turns = new Semaphore(concurrent, true);
        this.maxWait = maxWait;
        this.turnedAway = Counter.builder("talks_requests_turned_away")
                .description("Viewers' requests answered 503 because the archive was working on as many as it may")
                .register(registry);
    }

    /** Before a request: waits for its turn, or turns it away. */
    void enter(Context ctx) throws InterruptedException {
        if (!reads(ctx.method()) || exempt(ctx.path())) {
            return;
        }
        if (!turns.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
            turnedAway.increment();
            ctx.header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
            throw new HttpResponseException(HttpStatus.SERVICE_UNAVAILABLE.getCode(), "The archive is busy;"
                    + " please try again in " + RETRY_AFTER_SECONDS + " seconds");
        }
        ctx.attribute(ADMITTED, Boolean.TRUE);
    }

    /** After a request (also one that failed): gives its turn to the next. */
    void leave(Context ctx) {
        if (ctx.attribute(ADMITTED) != null) {
            ctx.attribute(ADMITTED, null);
            turns.release();
        }
    }

    /**
     * Only reads take turns. The one write a viewer makes, a report of a problem, is limited per address, and its
     * body is read within time limits ({@code RequestBodies}); a turn held while a body arrives would let a few slow
     * senders turn every viewer away.
     */
    private static boolean reads(HandlerType method) {
        return method == HandlerType.GET || method == HandlerType.HEAD;
    }

    static boolean exempt(String path) {
        return path.startsWith("/static/") || path.startsWith(Assets.PREFIX) || path.equals("/health")
                || path.equals("/ready") || path.equals("/metrics") || path.equals("/admin")
                || path.startsWith("/admin/") || path.startsWith("/api/admin/") || path.startsWith("/export/");
    }
}
