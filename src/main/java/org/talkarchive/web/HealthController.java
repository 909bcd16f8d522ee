package org.talkarchive.web;

import io.javalin.http.Context;
import java.util.Map;
import org.talkarchive.health.Readiness;

/**
 * {@code /health}: the process is alive and serving HTTP (restart it if this fails). {@code /ready}: every engine
 * answers and publishing is not failing; 503 otherwise, with each component's state (send traffic elsewhere, or
 * wait: the archive heals by itself).
 */
final class HealthController {

    private final Readiness readiness;

    HealthController(Readiness readiness) {
        this.readiness = readiness;
    }

    void live(Context ctx) {
        ctx.json(Map.of("status", "ok")); // docker-compose's health check looks for "ok"
    }

    void ready(Context ctx) {
        Readiness.Report report = readiness.check();
        ctx.status(report.ready() ? 200 : 503);
        if (!report.ready()) {
            ctx.header("Retry-After", Long.toString(org.talkarchive.Archive.ENGINE_RETRY_AFTER.toSeconds()));
        }
        ctx.json(Map.of("ready", report.ready(), "components", report.components()));
    }
}
