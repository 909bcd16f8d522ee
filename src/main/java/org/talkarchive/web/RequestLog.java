package org.talkarchive.web;

import io.javalin.event.HandlerMetaInfo;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import static net.logstash.logback.argument.StructuredArguments.v;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.talkarchive.metrics.ArchiveMetrics;

/**
 * Every request gets an id (a sane incoming {@code X-Request-Id}, from a proxy say, or a new one), echoed in the
 * response header and in error bodies, so a viewer's report can be found in the log. The id is in the SLF4J MDC
 * ({@code request_id}) from the first handler until the request is done, so every line logged meanwhile carries it,
 * not only the access line. When the request is done, one access log line (logger {@code access}) and one sample of
 * the request latency metric, by route template.
 */
final class RequestLog {

    static final String HEADER = "X-Request-Id";
    static final String MDC_KEY = "request_id";
    private static final String ATTRIBUTE = "request-id";
    // Anything else (too long, spaces, control characters) would let a client forge or break log lines.
    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private static final Logger access = LoggerFactory.getLogger("access");

    private final ArchiveMetrics metrics;
    private final Set<String> routes = ConcurrentHashMap.newKeySet();

    RequestLog(ArchiveMetrics metrics) {
        this.metrics = metrics;
    }

    /** Hears each endpoint Javalin adds (its events config): only those paths are named as routes. */
    void routeAdded(HandlerMetaInfo handler) {
        if (handler.getHttpMethod().isHttpMethod()) {
            routes.add(handler.getPath());
        }
    }

    /** Before anything else: the request's id. */
    void identify(Context ctx) {
        String incoming = ctx.header(HEADER);
        String id = incoming != null && SANE_ID.matcher(incoming).matches() ? incoming : UUID.randomUUID().toString();
        ctx.attribute(ATTRIBUTE, id);
        ctx.header(HEADER, id);
        MDC.put(MDC_KEY, id); // removed by done(), which Javalin runs last for every request
    }

    static String id(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        return id == null ? "-" : id;
    }

    /** Javalin's request logger: runs once per request, after the response is complete. */
    void done(Context ctx, float millis) {
        String route = route(ctx);
        int status = ctx.statusCode();
        metrics.request(ctx.method().name(), route, status, Duration.ofNanos(Math.round(millis * 1_000_000.0)));
        // Plain: "GET /api/talks 200 12 ms <id>"; as JSON the same values are fields of their own too. Closing
        // removes the id: the thread's next lines (another request, or none) must not carry it.
        try (MDC.MDCCloseable ignored = MDC.putCloseable(MDC_KEY, id(ctx))) {
            access.info("{} {} {} {} ms {}", v("method", ctx.method().name()), v("path", ctx.path()),
                    v("status", status), v("duration_ms", Math.round(millis)), id(ctx));
        }
    }

    /**
     * The route template that matched, one of those added: never the raw path, whose ids would make a series per
     * talk (an unmatched request has no HTTP endpoint, only before and after handlers).
     */
    private String route(Context ctx) {
        Endpoint matched = ctx.endpoints().lastHttpEndpoint();
        if (matched != null && routes.contains(matched.path)) {
            return matched.path;
        }
        return ctx.path().startsWith("/static/") ? "/static/*" : unmatched(ctx.statusCode());
    }

    /** A request no route took, named as Micrometer's own HTTP server instrumentations name it. */
    private static String unmatched(int status) {
        return status == 404 ? "NOT_FOUND" : status >= 300 && status < 400 ? "REDIRECTION" : "UNKNOWN";
    }
}
