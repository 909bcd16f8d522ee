package org.talkarchive.web;

import io.javalin.http.Context;
import java.time.Duration;
import org.talkarchive.health.Liveness;
import org.talkarchive.health.Readiness;

/**
 * {@code /health} (liveness: the process answers; restart it if this fails) and {@code /ready} (readiness: send
 * viewers here), both as {@code {"status": "UP|DEGRADED|DOWN", "components": {...}}}. Ready while PostgreSQL answers:
 * {@code DEGRADED} (Elasticsearch away, searches from PostgreSQL) is still 200; {@code DOWN} is 503 with
 * Retry-After (the archive heals by itself: wait, or send traffic elsewhere).
 */
public final class HealthController {

    private final Liveness liveness;
    private final Readiness readiness;
    private final Duration retryAfter;

    /** @param retryAfter when to ask again while not ready: the engines' retry interval */
    public HealthController(Liveness liveness, Readiness readiness, Duration retryAfter) {
        this.liveness = liveness;
        this.readiness = readiness;
        this.retryAfter = retryAfter;
    }

    public void live(Context ctx) {
        ctx.json(liveness.check());
    }

    public void ready(Context ctx) {
        Readiness.Report report = readiness.check();
        ctx.status(report.ready() ? 200 : 503);
        if (!report.ready()) {
            ctx.header("Retry-After", Long.toString(retryAfter.toSeconds()));
        }
        ctx.json(report);
    }
}
