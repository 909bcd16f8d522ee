package org.talkarchive.web.admin;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.talkarchive.admin.Actor;
import org.talkarchive.admin.AdminJobs;
import org.talkarchive.admin.SignInLimiter;
import org.talkarchive.indexer.ConsistencyCheck;

/**
 * The admin API for scripts: reindex and consistency check as jobs, and the synchronous check. Every route needs
 * {@code Authorization: Bearer <token>} with the token from TALKS_ADMIN_TOKEN; with no token configured they are
 * switched off (403). A job start answers 202 with {@code Location: /api/admin/jobs/{id}}; a second start while one
 * runs, 409 naming the running job.
 */
public final class AdminController {

    public static final String JOBS = "/api/admin/jobs/";

    private final BearerToken token;
    private final AdminJobs jobs;
    private final ConsistencyCheck consistency;

    /** @param lockout failed attempts per client, shared with the console's sign-in and /metrics */
    public AdminController(Optional<String> token, SignInLimiter lockout, AdminJobs jobs,
                           ConsistencyCheck consistency) {
        this.token = new BearerToken(token, "TALKS_ADMIN_TOKEN", lockout);
        this.jobs = jobs;
        this.consistency = consistency;
    }

    /** Before every /api/admin route: jobs, reports and talks as admins see them are never cached. */
    public void authorize(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        token.require(ctx);
    }

    public void reindex(Context ctx) {
        accepted(ctx, jobs.startReindex(Actor.ADMIN_TOKEN));
    }

    public void check(Context ctx) {
        accepted(ctx, jobs.startCheck(Actor.ADMIN_TOKEN, AdminConsoleController.CHECK_SAMPLE));
    }

    public void jobs(Context ctx) {
        ctx.json(Map.of("jobs", jobs.recent(50).stream().map(AdminController::json).toList()));
    }

    public void job(Context ctx) {
        ctx.json(json(find(ctx)));
    }

    public void cancel(Context ctx) {
        AdminJobs.Job job = jobs.cancel(AdminConsoleController.jobId(ctx), Actor.ADMIN_TOKEN)
                .orElseThrow(() -> new NotFoundResponse("No such job"));
        ctx.status(202).json(json(job));
    }

    public void consistency(Context ctx) {
        ctx.json(consistency.check(AdminConsoleController.CHECK_SAMPLE));
    }

    private AdminJobs.Job find(Context ctx) {
        return jobs.find(AdminConsoleController.jobId(ctx)).orElseThrow(() -> new NotFoundResponse("No such job"));
    }

    private static void accepted(Context ctx, AdminJobs.Job job) {
        ctx.status(202).header("Location", JOBS + job.id()).json(json(job));
    }

    /** A job as the API shows it (described as {@code Job} in the OpenAPI document). */
    static Map<String, Object> json(AdminJobs.Job job) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", job.id());
        out.put("url", JOBS + job.id());
        out.put("kind", job.kind().key());
        out.put("state", job.state().key());
        out.put("phase", job.phase().key());
        out.put("done", job.done());
        out.put("total", job.total());
        out.put("rate_per_second", job.ratePerSecond());
        out.put("started_at", job.startedAt());
        out.put("finished_at", job.finishedAt());
        out.put("started_by", job.startedBy());
        out.put("cancel_requested", job.cancelRequested());
        out.put("errors", job.errors());
        out.put("result", job.result());
        return out;
    }
}
