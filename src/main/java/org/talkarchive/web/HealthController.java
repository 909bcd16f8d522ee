package org.talkarchive.web;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.Map;
import org.talkarchive.health.Readiness;

/**
 * {@code /health}: the process is alive and serving HTTP (restart it if this fails). {@code /ready}: every engine
 * answers and publishing is not failing; 503 otherwise, with each component's state (send traffic elsewhere, or
 * wait: the archive heals by itself).
 */
public final class HealthController {

    private final Readiness readiness;
    private final Duration retryAfter;

    /** @param retryAfter when to ask again while not ready: the engines' retry interval */
    public HealthController(Readiness readiness, Duration retryAfter) {
        this.readiness = readiness;
        this.retryAfter = retryAfter;
    }

    void live(Context ctx) {
        ctx.json(Map.of("status", "ok")); // docker-compose's health check looks for "ok"
    }

    void ready(Context ctx) {
        Readiness.Report report = readiness.check();
        ctx.status(report.ready() ? 200 : 503);
        if (!report.ready()) {
            ctx.header("Retry-After", Long.toString(retryAfter.toSeconds()));
        }
        ctx.json(report);
    }
}
