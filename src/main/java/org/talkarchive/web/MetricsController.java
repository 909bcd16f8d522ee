package org.talkarchive.web;

import io.javalin.http.Context;
import java.util.Optional;
import org.talkarchive.admin.SignInLimiter;
import org.talkarchive.metrics.ArchiveMetrics;
import org.talkarchive.web.admin.BearerToken;

/**
 * {@code /metrics} in the Prometheus text format, for a scraper holding {@code TALKS_METRICS_TOKEN} (Prometheus:
 * {@code authorization: {credentials: ...}}). Without the token configured it is off: the series name routes,
 * pools and lag, which a public site does not hand to everyone.
 */
public final class MetricsController {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final ArchiveMetrics metrics;
    private final BearerToken token;

    /** @param lockout failed attempts per client, shared with the admin API and console */
    public MetricsController(ArchiveMetrics metrics, Optional<String> token, SignInLimiter lockout) {
        this.metrics = metrics;
        this.token = new BearerToken(token, "TALKS_METRICS_TOKEN", lockout);
    }

    public void scrape(Context ctx) {
        token.require(ctx);
        ctx.contentType(PROMETHEUS_TEXT).result(metrics.scrape());
    }
}
