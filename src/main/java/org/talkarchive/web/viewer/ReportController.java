package org.talkarchive.web.viewer;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.GoneResponse;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.net.URI;
import java.util.Locale;
import org.talkarchive.curation.CurationInputException;
import org.talkarchive.curation.CurationNotFoundException;
import org.talkarchive.curation.ProblemReports;
import org.talkarchive.curation.TooManyReportsException;
import org.talkarchive.search.InvalidParameterException;
import org.talkarchive.talks.PagePaths;
import org.talkarchive.talks.TalkRepository;
import org.talkarchive.ui.AdminPages;
import org.talkarchive.web.shared.RequestBodies;
import org.talkarchive.web.shared.Views;

/**
 * The "report a problem" form of a talk page. Viewers have no session, so there is no CSRF token to check;
 * instead a report is accepted only from a page of this site (Sec-Fetch-Site, or Origin where a browser sends no
 * fetch metadata), and a hidden field that people never see but form-filling bots do ("website") makes a report
 * be dropped while the sender is thanked as usual, so the bot learns nothing. Each client address has an allowance
 * ({@link ProblemReports}).
 */
public final class ReportController {

    private final ProblemReports reports;
    private final TalkRepository talks;
    private final Views views;
    private final String publicOrigin;

    /** @param publicBase the site's public URL (TALKS_PUBLIC_URL): a form posted from there is same-origin */
    public ReportController(ProblemReports reports, TalkRepository talks, Views views, String publicBase) {
        this.reports = reports;
        this.talks = talks;
        this.views = views;
        this.publicOrigin = origin(publicBase);
    }

    public void report(Context ctx) {
        String event = ctx.pathParam("event");
        String slug = ctx.pathParam("slug");
        if (!sameOrigin(ctx)) {
            throw new ForbiddenResponse("Reports are accepted from the talk's page only");
        }
        String thanks = PagePaths.talk(event, slug) + "/reported";
        RequestBodies.Form form = RequestBodies.form(ctx, RequestBodies.SMALL_FORM);
        String honeypot = form.value("website");
        if (honeypot != null && !honeypot.isEmpty()) {
            ctx.redirect(thanks, HttpStatus.SEE_OTHER);
            return;
        }
        try {
            reports.report(ctx.ip(), event, slug, form.value("kind"), form.value("note"));
        } catch (CurationInputException e) {
            throw new InvalidParameterException(e.field(), e.getMessage());
        } catch (CurationNotFoundException e) {
            notFound(ctx, event, slug);
        } catch (TooManyReportsException e) {
            ctx.status(HttpStatus.TOO_MANY_REQUESTS);
            ctx.header("Retry-After", Long.toString(Math.max(1, e.retryAfter().toSeconds())));
            ctx.html(views.error(429, e.getMessage() + "."));
            return;
        }
        ctx.redirect(thanks, HttpStatus.SEE_OTHER);
    }

    public void thanks(Context ctx) {
        String event = ctx.pathParam("event");
        String slug = ctx.pathParam("slug");
        if (talks.talk(event, slug).isEmpty()) {
            notFound(ctx, event, slug);
        }
        ctx.html(views.reportThanks(new AdminPages.ReportThanks(PagePaths.talk(event, slug))));
    }

    private void notFound(Context ctx, String event, String slug) {
        if (talks.isHidden(event, slug)) {
            ctx.header("Cache-Control", "no-cache"); // as on the talk's page: it may be unhidden

            throw new GoneResponse("This talk is no longer available");
        }
        throw new NotFoundResponse("No such talk");
    }

    /**
     * True for a form sent by a page of this site. Browsers send Sec-Fetch-Site with every request (and no page
     * can forge it); one that does not still sends Origin with a POST. A request with neither (a script, a very
     * old browser) is refused: viewers' browsers always send one.
     */
    private boolean sameOrigin(Context ctx) {
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null) {
            return site.equals("same-origin");
        }
        String origin = ctx.header("Origin");
        if (origin == null || origin.equals("null")) {
            return false;
        }
        String normalized = origin.toLowerCase(Locale.ROOT);
        return normalized.equals(publicOrigin) || normalized.equals(origin(ctx.url()));
    }

    private static String origin(String url) {
        try {
            URI uri = URI.create(url);
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80)
                    || (scheme.equals("https") && port == 443);
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (RuntimeException e) {
            return "";
        }
    }
}
