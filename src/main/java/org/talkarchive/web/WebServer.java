package org.talkarchive.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.talkarchive.Archive;
import org.talkarchive.config.SiteConfig;
import org.talkarchive.indexer.ReindexInProgressException;
import org.talkarchive.infra.postgres.DatabaseFailures;
import org.talkarchive.search.InvalidParameterException;
import org.talkarchive.search.SearchUnavailableException;
import org.talkarchive.talks.VideoEmbeds;

/** The HTTP face of the archive: routes to thin handlers, and errors as JSON (API) or HTML (pages). */
public final class WebServer {

    private static final Logger log = LoggerFactory.getLogger(WebServer.class);

    private WebServer() {
    }

    /** For a server on this machine: links point at localhost, no PeerTube instance is trusted. */
    public static Javalin create(Archive archive, Optional<String> adminToken) {
        return create(archive, adminToken, SiteConfig.local(7070));
    }

    public static Javalin create(Archive archive, Optional<String> adminToken,
                                SiteConfig site) {
        Views views = new Views();
        VideoEmbeds embeds = new VideoEmbeds(site.peertubeHosts());
        SecurityHeaders headers = new SecurityHeaders(embeds.frameOrigins());
        SearchController search = new SearchController(archive.search(), archive.suggestions(), archive.talks(),
                views);
        TalkController talks = new TalkController(archive.talks(), archive.search(), views, embeds);
        AdminController admin = new AdminController(adminToken, archive.reindexer(), archive.consistency());
        ExportController export = new ExportController(archive.search(), archive.json(),
                new AtomFeed(java.time.Clock.systemUTC()), site.base());

        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jetty.modifyServer(server -> server.setErrorHandler(new BareErrorHandler(headers)));
            config.jsonMapper(new JavalinJackson(archive.json(), false));
            config.staticFiles.add(files -> {
                files.hostedPath = "/static";
                files.directory = "/static";
                files.location = Location.CLASSPATH;
            });
        });

        app.before(headers::apply);
        app.before(RequestGuard::check);
        app.after(SecurityHeaders::htmlCharset);

        app.get("/", search::page);
        app.get("/speakers/{slug}", search::speakerPage);
        app.get("/events/{slug}", search::eventPage);
        app.get("/talks/{event}/{slug}", talks::page);

        app.get("/feed.atom", export::atom);
        app.get("/export/talks.csv", export::csv);
        app.get("/export/talks.json", export::json);

        app.get("/api/suggest", search::apiSuggest);
        app.get("/api/talks", search::apiSearch);
        app.get("/api/talks/{id}", talks::api);
        app.get("/api/talks/{id}/related", talks::apiRelated);
        app.get("/api/speakers/{slug}", search::apiSpeaker);
        app.get("/api/events/{slug}", search::apiEvent);
        HealthController health = new HealthController(archive.readiness());
        app.get("/health", health::live);
        app.get("/ready", health::ready);

        app.before("/api/admin/*", admin::authorize);
        app.post("/api/admin/reindex", admin::reindex);
        app.get("/api/admin/consistency", admin::consistency);

        app.exception(InvalidParameterException.class, (e, ctx) -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "invalid_parameter");
            body.put("parameter", e.parameter());
            body.put("reason", e.getMessage());
            ctx.status(400);
            if (wantsJson(ctx.path())) {
                ctx.json(body);
            } else {
                ctx.html(views.render("error.jte", Map.of("status", 400,
                        "message", "The parameter “" + e.parameter() + "” " + e.getMessage())));
            }
        });
        app.exception(HttpResponseException.class, (e, ctx) -> {
            ctx.status(e.getStatus());
            if (wantsJson(ctx.path())) {
                ctx.json(Map.of("error", e.getMessage()));
            } else {
                ctx.html(views.render("error.jte", Map.of("status", e.getStatus(), "message", e.getMessage())));
            }
        });
        app.exception(ReindexInProgressException.class, (e, ctx) -> {
            ctx.status(409);
            if (wantsJson(ctx.path())) {
                ctx.json(Map.of("error", "conflict", "reason", e.getMessage()));
            } else {
                ctx.html(views.render("error.jte", Map.of("status", 409, "message", e.getMessage())));
            }
        });
        app.exception(SearchUnavailableException.class, (e, ctx) -> unavailable(ctx, views, e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            if (DatabaseFailures.isUnavailable(e)) {
                log.warn("{} {}: PostgreSQL is unavailable: {}", ctx.method(), ctx.path(), e.toString());
                unavailable(ctx, views, "the database is unavailable");
                return;
            }
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            ctx.status(500);
            if (wantsJson(ctx.path())) {
                ctx.json(Map.of("error", "internal error"));
            } else {
                ctx.html(views.render("error.jte", Map.of("status", 500, "message", "Please try again later.")));
            }
        });
        app.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                if (wantsJson(ctx.path())) {
                    ctx.json(Map.of("error", "not found"));
                } else {
                    ctx.html(views.render("error.jte", Map.of("status", 404, "message", "Nothing lives here.")));
                }
            }
        });
        return app;
    }

    /**
     * 503 with Retry-After: an engine is down or restarting and the request cannot be answered truthfully now. The
     * archive heals by itself, so asking again after the given seconds is the right move for people and clients.
     */
    private static void unavailable(Context ctx, Views views, String reason) {
        ctx.status(503);
        ctx.header("Retry-After", Long.toString(Archive.ENGINE_RETRY_AFTER.toSeconds()));
        if (wantsJson(ctx.path())) {
            ctx.json(Map.of("error", "unavailable", "reason", reason));
        } else {
            ctx.html(views.render("error.jte", Map.of("status", 503,
                    "message", "The archive is recovering (" + reason + "). Please try again in a few seconds.")));
        }
    }

    private static boolean wantsJson(String path) {
        return path.startsWith("/api/") || path.equals("/ready") || path.equals("/health")
                || path.endsWith(".json");
    }
}
