package org.talkarchive.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.talkarchive.admin.AdminJobs;
import org.talkarchive.config.TrustedProxies;
import org.talkarchive.indexer.ReindexInProgressException;
import org.talkarchive.infra.postgres.DatabaseFailures;
import org.talkarchive.metrics.ArchiveMetrics;
import org.talkarchive.search.InvalidParameterException;
import org.talkarchive.search.SearchUnavailableException;
import org.talkarchive.ui.Assets;
import org.talkarchive.ui.ErrorPageView;
import org.talkarchive.ui.SearchLinks;
import org.talkarchive.web.admin.AdminConsoleController;
import org.talkarchive.web.admin.AdminController;
import org.talkarchive.web.admin.AdminGuard;
import org.talkarchive.web.admin.CurationApiController;
import org.talkarchive.web.admin.CurationConsoleController;
import org.talkarchive.web.admin.TranscriptApiController;
import org.talkarchive.web.shared.RequestBodies;
import org.talkarchive.web.shared.RequestGuard;
import org.talkarchive.web.shared.Views;
import org.talkarchive.web.viewer.ApiDocsController;
import org.talkarchive.web.viewer.BrowseController;
import org.talkarchive.web.viewer.ExportController;
import org.talkarchive.web.viewer.ReportController;
import org.talkarchive.web.viewer.SearchController;
import org.talkarchive.web.viewer.TalkController;

/**
 * The HTTP face of the archive: routes to thin handlers, and errors as JSON (API) or HTML (pages). The controllers
 * are built and handed over by the composition root ({@code Archive#web}); this class only routes.
 */
public final class WebServer {

    private static final Logger log = LoggerFactory.getLogger(WebServer.class);
    /** Assets whose address names their content ({@link Assets}). */
    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    /** The handlers behind the routes. */
    public record Controllers(SearchController search, TalkController talks, BrowseController browse,
                              ExportController export, AdminController admin, AdminConsoleController console,
                              HealthController health, MetricsController metrics, ApiDocsController api,
                              Curation curation) {
    }

    /**
     * Curation: its JSON under /api/admin, its pages in the admin console under /admin, and viewers' reports of
     * problems from talk pages.
     */
    public record Curation(CurationApiController api, CurationConsoleController console, ReportController reports,
                           TranscriptApiController transcripts) {
    }

    private WebServer() {
    }

    /**
     * @param proxies    whose X-Forwarded-For and X-Forwarded-Proto are believed (see {@link ForwardedHeaders})
     * @param retryAfter what a 503 tells clients: how long until an engine is tried again
     * @param concurrentRequests how many viewers' requests are worked on at once (see {@link Admission})
     */
    public static Javalin create(Controllers controllers, Views views, SecurityHeaders headers, TrustedProxies proxies,
                                 ObjectMapper json, ArchiveMetrics metrics, Duration retryAfter,
                                 int concurrentRequests, Duration queueWait) {
        RequestLog requests = new RequestLog(metrics);
        Admission admission = new Admission(concurrentRequests, queueWait, metrics.registry());

        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.requestLogger.http(requests::done);
            config.events.handlerAdded(requests::routeAdded);
            BareErrorHandler bare = new BareErrorHandler(headers);
            config.jetty.modifyServer(server -> server.setErrorHandler(bare));
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(bare));
            config.jetty.modifyHttpConfiguration(http -> http.addCustomizer(new ForwardedHeaders(proxies)));
            config.http.maxRequestSize = RequestBodies.JSON; // bodies are read by RequestBodies, which also counts
            config.http.prefer405over404 = true; // DELETE /api/talks: the path exists, the method does not
            config.jsonMapper(new JavalinJackson(json, false));
            config.staticFiles.add(files -> {
                files.hostedPath = "/static";
                files.directory = "/static";
                files.location = Location.CLASSPATH;
            });
            // the same files under an address that changes with their content: kept by browsers for a year
            config.staticFiles.add(files -> {
                files.hostedPath = Assets.PREFIX;
                files.directory = "/static";
                files.location = Location.CLASSPATH;
                files.headers = Map.of("Cache-Control", IMMUTABLE);
            });
            routes(config.routes, controllers, views, headers, requests, admission, retryAfter);
        });
    }

    /** Javalin 7 takes the routes, filters and error handlers in its configuration, before the server exists. */
    private static void routes(RoutesConfig app, Controllers controllers, Views views, SecurityHeaders headers,
                               RequestLog requests, Admission admission, Duration retryAfter) {
        SearchController search = controllers.search();
        TalkController talks = controllers.talks();
        BrowseController browse = controllers.browse();
        ExportController export = controllers.export();
        AdminController admin = controllers.admin();
        HealthController health = controllers.health();

        app.before(requests::identify);
        app.before(headers::apply);
        app.before(RequestGuard::check);
        app.before(admission::enter);
        app.after(admission::leave);
        app.after(SecurityHeaders::htmlCharset);

        // "/" alone is the home page; with any parameter it is the search page, whose URLs stay as they were
        get(app, "/", ctx -> {
            if (ctx.queryParamMap().isEmpty()) {
                browse.home(ctx);
            } else {
                search.page(ctx);
            }
        });
        get(app, "/speakers", browse::speakersIndex);
        get(app, "/speakers/{slug}", browse::speakerPage);
        get(app, "/events", browse::eventsIndex);
        get(app, "/events/{slug}", browse::eventPage);
        get(app, "/series/{slug}", browse::seriesPage);
        get(app, "/talks/{event}/{slug}", talks::page);
        get(app, "/sitemap.xml", browse::sitemap);
        get(app, "/sitemaps/{part}", browse::sitemapPart);
        get(app, "/favicon.ico", ctx -> ctx.redirect("/static/favicon.svg", HttpStatus.MOVED_PERMANENTLY));

        get(app, "/feed.atom", export::atom);
        get(app, "/export/talks.csv", export::csv);
        get(app, "/export/talks.json", export::json);

        get(app, "/api/suggest", search::apiSuggest);
        get(app, "/api/talks", search::apiSearch);
        get(app, "/api/talks/{id}", talks::api);
        get(app, "/api/talks/{id}/related", talks::apiRelated);
        get(app, "/api/talks/{id}/transcript", talks::apiTranscript);
        get(app, "/api/speakers", browse::apiSpeakers);
        get(app, "/api/speakers/{slug}", browse::apiSpeaker);
        get(app, "/api/events", browse::apiEvents);
        get(app, "/api/events/{slug}", browse::apiEvent);
        get(app, "/api/series/{slug}", browse::apiSeries);
        get(app, ApiDocsController.JSON_PATH, controllers.api()::description);
        get(app, ApiDocsController.PAGE_PATH, controllers.api()::page);
        get(app, "/health", health::live);
        get(app, "/ready", health::ready);
        get(app, "/metrics", controllers.metrics()::scrape);

        app.before("/api/admin/*", admin::authorize);
        app.post("/api/admin/reindex", admin::reindex);
        app.post("/api/admin/check", admin::check);
        get(app, "/api/admin/jobs", admin::jobs);
        get(app, "/api/admin/jobs/{id}", admin::job);
        app.delete("/api/admin/jobs/{id}", admin::cancel);
        get(app, "/api/admin/consistency", admin::consistency);

        // Curation's JSON, behind the same bearer filter as the jobs above.
        Curation curation = controllers.curation();
        app.put("/api/admin/talks/{id}/transcript", curation.transcripts()::upload);
        app.delete("/api/admin/talks/{id}/transcript", curation.transcripts()::delete);
        get(app, "/api/admin/talks/{id}", curation.api()::talk);
        app.patch("/api/admin/talks/{id}", curation.api()::edit);
        app.post("/api/admin/talks/{id}/hide", curation.api()::hide);
        app.post("/api/admin/talks/{id}/unhide", curation.api()::unhide);
        app.post("/api/admin/speakers/merge", curation.api()::merge);
        get(app, "/api/admin/reports", curation.api()::openReports);
        app.post("/api/admin/reports/{id}/resolve", curation.api()::resolve);

        // The console: AdminGuard, before every /admin route, asks for a signed-in session and checks every POST's
        // CSRF token; handlers read the actor and the token for their forms from it.
        AdminConsoleController console = controllers.console();
        app.before("/admin", console.guard()::check);
        app.before("/admin/*", console.guard()::check);
        get(app, "/admin", console::status);
        get(app, AdminGuard.SIGN_IN_PATH, console::signInForm);
        app.post(AdminGuard.SIGN_IN_PATH, console::signIn);
        app.post("/admin/sign-out", console::signOut);
        app.post("/admin/jobs/reindex", console::startReindex);
        app.post("/admin/jobs/check", console::startCheck);
        get(app, "/admin/jobs", console::jobs);
        get(app, "/admin/jobs/{id}", console::job);
        app.post("/admin/jobs/{id}/cancel", console::cancel);
        get(app, "/admin/audit", console::auditLog);
        get(app, "/admin/talks", curation.console()::talks);
        get(app, "/admin/talks/{id}", curation.console()::talk);
        app.post("/admin/talks/{id}", curation.console()::edit);
        app.post("/admin/talks/{id}/hide", curation.console()::hide);
        app.post("/admin/talks/{id}/unhide", curation.console()::unhide);
        get(app, "/admin/speakers/merge", curation.console()::mergeForm);
        app.post("/admin/speakers/merge", curation.console()::merge);
        get(app, "/admin/reports", curation.console()::reports);
        app.post("/admin/reports/{id}/resolve", curation.console()::resolve);

        // Viewers' reports from a talk's page (no session: ReportController checks where the form came from).
        app.post("/talks/{event}/{slug}/report", curation.reports()::report);
        get(app, "/talks/{event}/{slug}/reported", curation.reports()::thanks);

        app.exception(InvalidParameterException.class, (e, ctx) -> {
            ctx.status(400);
            if (wantsJson(ctx.path())) {
                ctx.json(ApiError.invalidParameter(e.parameter(), e.getMessage(), RequestLog.id(ctx)));
            } else {
                ctx.html(views.error(400, "The parameter “" + e.parameter() + "” " + e.getMessage(),
                        searchedText(ctx), waysForward(ctx, e.parameter())));
            }
        });
        app.exception(HttpResponseException.class, (e, ctx) -> {
            ctx.status(e.getStatus());
            if (e instanceof MethodNotAllowedResponse) {
                // a 405 names what the path takes; Javalin puts that list (e.g. "GET, HEAD") in the details
                e.getDetails().values().stream().findFirst().ifPresent(methods -> ctx.header("Allow", methods));
            }
            if (wantsJson(ctx.path())) {
                ctx.json(ApiError.of(e.getMessage(), RequestLog.id(ctx)));
            } else {
                ctx.html(views.error(e.getStatus(), e.getMessage(), searchedText(ctx), List.of()));
            }
        });
        app.exception(AdminGuard.SignInRequired.class, (e, ctx) -> ctx.redirect(AdminGuard.SIGN_IN_PATH));
        app.exception(ReindexInProgressException.class, (e, ctx) -> conflict(ctx, views, e.getMessage(), null));
        app.exception(AdminJobs.JobConflictException.class,
                (e, ctx) -> conflict(ctx, views, e.getMessage() + ".", e.running().id()));
        app.exception(AdminJobs.JobFinishedException.class,
                (e, ctx) -> conflict(ctx, views, e.getMessage() + ".", e.job()));
        app.exception(SearchUnavailableException.class, (e, ctx) -> unavailable(ctx, views, retryAfter, e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            if (DatabaseFailures.isUnavailable(e)) {
                log.warn("{} {}: PostgreSQL is unavailable: {}", ctx.method(), ctx.path(), e.toString());
                unavailable(ctx, views, retryAfter, "the database is unavailable");
                return;
            }
            log.error("{} {} failed (request {})", ctx.method(), ctx.path(), RequestLog.id(ctx), e);
            ctx.status(500);
            if (wantsJson(ctx.path())) {
                ctx.json(ApiError.of("internal error", RequestLog.id(ctx)));
            } else {
                ctx.html(views.error(500, "Please try again later (request " + RequestLog.id(ctx) + ")."));
            }
        });
        app.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                if (wantsJson(ctx.path())) {
                    ctx.json(ApiError.of("not found", RequestLog.id(ctx)));
                } else {
                    ctx.html(views.error(404, "Nothing lives here."));
                }
            }
        });
    }

    /**
     * A GET route, and HEAD on it: the same handler, whose status and headers (Content-Type above all) HEAD answers
     * with, Jetty leaving out the body. Javalin alone answers HEAD on a GET route with 200 and text/plain, without
     * running it, whatever the GET would say (a 404, JSON, HTML).
     */
    private static void get(RoutesConfig app, String path, Handler handler) {
        app.get(path, handler);
        app.head(path, handler);
    }

    /**
     * 409: refused because of what runs now; {@code job} is the job in the way (null when not a job), linked so the
     * client or the admin can follow it.
     */
    private static void conflict(Context ctx, Views views, String reason, Long job) {
        ctx.status(409);
        if (wantsJson(ctx.path())) {
            ctx.json(ApiError.conflict(reason, job == null ? null : AdminController.JOBS + job, RequestLog.id(ctx)));
        } else {
            ctx.html(views.error(409, reason, "", job == null ? List.of() : List.of(new ErrorPageView.Link(
                    AdminConsoleController.jobHref(job), "Follow job " + job))));
        }
    }

    /**
     * 503 with Retry-After: an engine is down or restarting and the request cannot be answered truthfully now. The
     * archive heals by itself, so asking again after the given seconds is the right move for people and clients.
     */
    private static void unavailable(Context ctx, Views views, Duration retryAfter, String reason) {
        ctx.status(503);
        ctx.header("Retry-After", Long.toString(retryAfter.toSeconds()));
        if (wantsJson(ctx.path())) {
            ctx.json(ApiError.unavailable(reason, RequestLog.id(ctx)));
        } else {
            ctx.html(views.error(503, "The archive is recovering (" + reason + "). Please try again in a few"
                    + " seconds (request " + RequestLog.id(ctx) + ")."));
        }
    }

    /**
     * The words of the search that failed, to keep in the error page's search box; empty when there were none or
     * the query string itself could not be read.
     */
    private static String searchedText(Context ctx) {
        try {
            String q = ctx.queryParam("q");
            return q == null ? "" : q.length() > 500 ? q.substring(0, 500) : q;
        } catch (RuntimeException unreadable) {
            return "";
        }
    }

    /** From a refused parameter: the same page without it (when the page is a search, with its other choices). */
    private static List<ErrorPageView.Link> waysForward(Context ctx, String parameter) {
        try {
            Map<String, List<String>> params = new LinkedHashMap<>(ctx.queryParamMap());
            if (params.remove(parameter) == null) {
                return List.of();
            }
            return List.of(new ErrorPageView.Link(SearchLinks.url(ctx.path(), params),
                    "The same page without “" + parameter + "”"));
        } catch (RuntimeException unreadable) {
            return List.of();
        }
    }

    private static boolean wantsJson(String path) {
        return path.startsWith("/api/") || path.equals("/ready") || path.equals("/health")
                || path.endsWith(".json");
    }
}
