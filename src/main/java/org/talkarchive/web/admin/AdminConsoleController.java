package org.talkarchive.web.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.talkarchive.admin.AdminJobs;
import org.talkarchive.admin.AdminSessions;
import org.talkarchive.admin.AuditLog;
import org.talkarchive.admin.IndexStatus;
import org.talkarchive.search.InvalidParameterException;
import org.talkarchive.ui.AdminPages;
import org.talkarchive.ui.Formats;
import org.talkarchive.web.shared.RequestBodies;
import org.talkarchive.web.shared.Views;

/**
 * The admin console's pages ({@code /admin}): sign-in and sign-out, the index status with its actions, the jobs and a
 * job's page, the audit log (curation's pages are {@link CurationConsoleController}'s). Rendered on the server,
 * forms without scripts; the job page refreshes itself when scripts run.
 * {@link AdminGuard} has already checked the session and the CSRF token of every request that reaches a handler
 * here, except the sign-in form's, which this class checks (there is no session yet).
 */
public final class AdminConsoleController {

    static final int CHECK_SAMPLE = 200;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final int AUDIT_PAGE = 100;
    private static final int JOBS_PAGE = 50;

    private final AdminGuard guard;
    private final AdminSessions sessions;
    private final AdminJobs jobs;
    private final IndexStatus status;
    private final AuditLog audit;
    private final Views views;

    public AdminConsoleController(AdminGuard guard, AdminJobs jobs, IndexStatus status, AuditLog audit, Views views) {
        this.guard = guard;
        this.sessions = guard.sessions();
        this.jobs = jobs;
        this.status = status;
        this.audit = audit;
        this.views = views;
    }

    public AdminGuard guard() {
        return guard;
    }

    // ---- signing in and out

    /** The form, with a fresh double-submit token: the same value in a cookie and in the form. */
    public void signInForm(Context ctx) {
        signInPage(ctx, null);
    }

    private void signInPage(Context ctx, String message) {
        String token = sessions.randomToken();
        guard.setCookie(ctx, AdminGuard.SIGN_IN_COOKIE, token, AdminGuard.SIGN_IN_PATH, 600);
        ctx.html(views.adminSignIn(new AdminPages.SignIn(token, message)));
    }

    public void signIn(Context ctx) {
        String cookie = ctx.cookie(AdminGuard.SIGN_IN_COOKIE);
        RequestBodies.Form fields = RequestBodies.form(ctx, RequestBodies.SMALL_FORM);
        String form = fields.value("csrf");
        // login CSRF: only our own form, read by our own page, can send the value the cookie holds
        if (cookie == null || form == null || !MessageDigest.isEqual(cookie.getBytes(StandardCharsets.UTF_8),
                form.getBytes(StandardCharsets.UTF_8))) {
            throw new ForbiddenResponse("The sign-in form's security token is missing or out of date; reload the"
                    + " page and try again.");
        }
        AdminSessions.SignIn outcome = sessions.signIn(fields.value("token"), ctx.ip());
        if (outcome instanceof AdminSessions.SignIn.Accepted accepted) {
            guard.setCookie(ctx, AdminGuard.SIGN_IN_COOKIE, "", AdminGuard.SIGN_IN_PATH, 0);
            guard.startSession(ctx, accepted.session());
            ctx.redirect("/admin", HttpStatus.SEE_OTHER);
        } else if (outcome instanceof AdminSessions.SignIn.Limited limited) {
            ctx.status(429);
            ctx.header("Retry-After", Long.toString(Math.max(1, limited.retryAfter().toSeconds())));
            signInPage(ctx, "Too many failed sign-ins from your address; try again in "
                    + Math.max(1, limited.retryAfter().toMinutes()) + " minutes.");
        } else {
            ctx.status(401);
            signInPage(ctx, "That is not the admin token.");
        }
    }

    public void signOut(Context ctx) {
        sessions.signOut(AdminGuard.session(ctx));
        guard.endSession(ctx);
        ctx.redirect(AdminGuard.SIGN_IN_PATH, HttpStatus.SEE_OTHER);
    }

    // ---- status and jobs

    public void status(Context ctx) {
        IndexStatus.Snapshot s = status.read();
        List<AdminPages.Fact> index = new ArrayList<>();
        index.add(AdminPages.Fact.of("status-alias", "Alias", s.alias()));
        index.add(AdminPages.Fact.of("status-live-index", "Live index", s.liveIndices() == null ? "unknown"
                : s.liveIndices().isEmpty() ? "none (the alias points at no index)" : String.join(", ", s.liveIndices())));
        index.add(AdminPages.Fact.of("status-documents", "Documents",
                s.documents() == null ? "unknown" : Formats.count(s.documents())));
        index.add(AdminPages.Fact.of("status-pending", "Pending changes",
                s.pendingChanges() == null ? "unknown" : Formats.count(s.pendingChanges())));
        index.add(AdminPages.Fact.of("status-lag", "Lag (oldest pending change)",
                s.lagSeconds() == null ? "unknown" : s.lagSeconds() + " s"));
        index.add(AdminPages.Fact.of("status-last-sync", "Last published", time(s.lastSyncSuccess(), "not by this process")));
        index.add(AdminPages.Fact.of("status-sync-error", "Last sync error", s.lastSyncError() == null ? "none"
                : s.lastSyncError() + " (" + time(s.lastSyncFailure(), "") + ")"));

        String verdict;
        String verdictClass;
        List<AdminPages.Fact> lastCheck = new ArrayList<>();
        if (s.lastCheck().isEmpty()) {
            verdict = "Never run";
            verdictClass = "none";
        } else {
            AdminJobs.Job check = s.lastCheck().get();
            JsonNode result = check.result();
            if (check.state() != AdminJobs.State.DONE || result == null) {
                verdict = "Failed: " + String.join("; ", check.errors());
                verdictClass = "bad";
            } else if (result.path("consistent").asBoolean()) {
                verdict = "Consistent: PostgreSQL and the index agree";
                verdictClass = "ok";
            } else {
                verdict = "Drift: PostgreSQL and the index differ (a reindex repairs it)";
                verdictClass = "bad";
            }
            lastCheck.add(new AdminPages.Fact("check-job", "Job", "Job " + check.id(), jobHref(check.id())));
            lastCheck.add(AdminPages.Fact.of("check-finished", "Finished", time(check.finishedAt(), "")));
            if (result != null) {
                lastCheck.add(AdminPages.Fact.of("check-summary", "Details", result.path("summary").asText()));
            }
        }
        ctx.html(views.adminStatus(new AdminPages.Status(AdminGuard.csrfToken(ctx), AdminGuard.actor(ctx).name(),
                index, verdict, verdictClass, lastCheck, s.runningReindex().map(AdminConsoleController::view).orElse(null),
                jobs.recent(10).stream().map(AdminConsoleController::view).toList(), s.errors())));
    }

    public void startReindex(Context ctx) {
        AdminJobs.Job job = jobs.startReindex(AdminGuard.actor(ctx));
        ctx.redirect(jobHref(job.id()), HttpStatus.SEE_OTHER);
    }

    public void startCheck(Context ctx) {
        AdminJobs.Job job = jobs.startCheck(AdminGuard.actor(ctx), CHECK_SAMPLE);
        ctx.redirect(jobHref(job.id()), HttpStatus.SEE_OTHER);
    }

    public void jobs(Context ctx) {
        ctx.html(views.adminJobs(new AdminPages.Jobs(AdminGuard.csrfToken(ctx),
                jobs.recent(JOBS_PAGE).stream().map(AdminConsoleController::view).toList())));
    }

    public void job(Context ctx) {
        AdminJobs.Job job = jobs.find(jobId(ctx)).orElseThrow(() -> new NotFoundResponse("No such job."));
        ctx.html(views.adminJob(new AdminPages.JobPage(AdminGuard.csrfToken(ctx), view(job))));
    }

    public void cancel(Context ctx) {
        long id = jobId(ctx);
        jobs.cancel(id, AdminGuard.actor(ctx)).orElseThrow(() -> new NotFoundResponse("No such job."));
        ctx.redirect(jobHref(id), HttpStatus.SEE_OTHER);
    }

    public void auditLog(Context ctx) {
        long before = Optional.ofNullable(ctx.queryParam("before")).map(v -> parseId("before", v)).orElse(Long.MAX_VALUE);
        List<AuditLog.Entry> entries = audit.list(AUDIT_PAGE, before);
        String older = entries.size() == AUDIT_PAGE ? "/admin/audit?before=" + entries.get(entries.size() - 1).id() : null;
        ctx.html(views.adminAudit(new AdminPages.Audit(AdminGuard.csrfToken(ctx), entries.stream()
                .map(e -> new AdminPages.AuditEntry(e.id(), TIME.format(e.at()), e.actor(), e.action(),
                        e.subject() == null ? "" : e.subject(), e.before() == null ? "" : e.before().toString(),
                        e.after() == null ? "" : e.after().toString()))
                .toList(), older)));
    }

    // ---- views

    public static String jobHref(long id) {
        return "/admin/jobs/" + id;
    }

    static AdminPages.Job view(AdminJobs.Job job) {
        String progress = job.total() == null ? Formats.count(job.done())
                : Formats.count(job.done()) + " of " + Formats.count(job.total());
        int percent = job.total() == null || job.total() == 0 ? (job.state() == AdminJobs.State.DONE ? 100 : -1)
                : (int) Math.min(100, job.done() * 100 / job.total());
        boolean reindex = job.kind() == AdminJobs.Kind.REINDEX;
        String unit = reindex ? " documents/s" : " talks/s";
        List<AdminPages.Fact> result = new ArrayList<>();
        JsonNode r = job.result();
        if (r != null && reindex) {
            result.add(AdminPages.Fact.of("result-index", "New live index", r.path("index").asText()));
            result.add(AdminPages.Fact.of("result-documents", "Documents", Formats.count(r.path("documents").asLong())));
            result.add(AdminPages.Fact.of("result-replayed", "Changes replayed", Formats.count(r.path("replayed").asLong())));
            result.add(AdminPages.Fact.of("result-took", "Took", r.path("took_ms").asLong() + " ms"));
        } else if (r != null) {
            result.add(AdminPages.Fact.of("result-verdict", "Verdict",
                    r.path("consistent").asBoolean() ? "Consistent" : "Drift"));
            result.add(AdminPages.Fact.of("result-summary", "Details", r.path("summary").asText()));
        }
        return new AdminPages.Job(job.id(), jobHref(job.id()), job.kind().key(), job.state().key(), job.phase().key(),
                progress, percent,
                job.ratePerSecond() + unit, time(job.startedAt(), ""), time(job.finishedAt(), "not yet"),
                job.startedBy(), job.running(), job.running() && reindex && !job.cancelRequested(),
                job.cancelRequested(), job.errors(), result);
    }

    private static String time(Instant instant, String none) {
        return instant == null ? none : TIME.format(instant);
    }

    static long jobId(Context ctx) {
        return parseId("id", ctx.pathParam("id"));
    }

    private static long parseId(String parameter, String value) {
        try {
            long id = Long.parseLong(value);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new InvalidParameterException(parameter, "must be a positive whole number");
    }
}
