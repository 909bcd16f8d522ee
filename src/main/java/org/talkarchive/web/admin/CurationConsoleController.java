package org.talkarchive.web.admin;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.talkarchive.admin.Actor;
import org.talkarchive.curation.CurationInputException;
import org.talkarchive.curation.CurationNotFoundException;
import org.talkarchive.curation.ProblemReports;
import org.talkarchive.curation.SpeakerMerge;
import org.talkarchive.curation.TalkEditing;
import org.talkarchive.ui.AdminPages;
import org.talkarchive.web.shared.PathIds;
import org.talkarchive.web.shared.RequestBodies;
import org.talkarchive.web.shared.Views;

/**
 * The curation console's pages under /admin: find and edit a talk, hide and unhide it, merge speakers, resolve
 * viewers' reports. Plain forms that work without JavaScript; each POST answers 303 to the page that shows the
 * result (so a reload does not repeat it), or 400 with the form and the reason. {@link AdminGuard}, before every
 * /admin route, has checked the session and every POST's CSRF token; the handlers take the actor the audit log
 * records and the token their forms carry from it.
 */
public final class CurationConsoleController {

    private static final int LISTED = 100;
    private static final int OPEN_REPORTS = 500;
    private static final Map<String, String> NOTICES = Map.of("saved", "Saved.", "hidden", "Hidden from viewers.",
            "unhidden", "Visible to viewers again.", "resolved", "Report resolved.");

    private final TalkEditing editing;
    private final SpeakerMerge merging;
    private final ProblemReports reports;
    private final Views views;

    public CurationConsoleController(TalkEditing editing, SpeakerMerge merging, ProblemReports reports,
                                     Views views) {
        this.editing = editing;
        this.merging = merging;
        this.reports = reports;
        this.views = views;
    }

    public void talks(Context ctx) {
        String query = ctx.queryParam("q") == null ? "" : ctx.queryParam("q");
        ctx.html(views.adminTalks(new AdminPages.TalksPage(AdminGuard.csrfToken(ctx), query,
                CurationApiController.act(() -> editing.find(query, LISTED)))));
    }

    public void talk(Context ctx) {
        long id = PathIds.id(ctx);
        TalkEditing.TalkState talk = editing.talk(id).orElseThrow(() -> new NotFoundResponse("No talk " + id));
        ctx.html(views.adminTalk(AdminPages.TalkPage.of(AdminGuard.csrfToken(ctx), talk, notice(ctx))));
    }

    public void edit(Context ctx) {
        Actor actor = AdminGuard.actor(ctx);
        long id = PathIds.id(ctx);
        RequestBodies.Form form = RequestBodies.form(ctx, RequestBodies.CONSOLE_FORM);
        String title = form.value("title");
        String description = form.value("description");
        String tags = form.value("tags");
        List<String> tagList = tags == null ? null : Arrays.stream(tags.split("\\R")).toList();
        try {
            editing.edit(actor, id, new TalkEditing.Edit(title, description, tagList));
        } catch (CurationInputException e) {
            TalkEditing.TalkState talk = editing.talk(id).orElseThrow(() -> new NotFoundResponse("No talk " + id));
            ctx.status(HttpStatus.BAD_REQUEST);
            ctx.html(views.adminTalk(new AdminPages.TalkPage(AdminGuard.csrfToken(ctx), talk, orEmpty(title),
                    orEmpty(description), orEmpty(tags), null, "The " + e.field() + " " + e.getMessage() + ".")));
            return;
        } catch (CurationNotFoundException e) {
            throw new NotFoundResponse(e.getMessage());
        }
        ctx.redirect("/admin/talks/" + id + "?done=saved", HttpStatus.SEE_OTHER);
    }

    public void hide(Context ctx) {
        Actor actor = AdminGuard.actor(ctx);
        long id = PathIds.id(ctx);
        CurationApiController.act(() -> editing.hide(actor, id));
        ctx.redirect("/admin/talks/" + id + "?done=hidden", HttpStatus.SEE_OTHER);
    }

    public void unhide(Context ctx) {
        Actor actor = AdminGuard.actor(ctx);
        long id = PathIds.id(ctx);
        CurationApiController.act(() -> editing.unhide(actor, id));
        ctx.redirect("/admin/talks/" + id + "?done=unhidden", HttpStatus.SEE_OTHER);
    }

    public void mergeForm(Context ctx) {
        ctx.html(views.adminMerge(new AdminPages.MergePage(AdminGuard.csrfToken(ctx),
                orEmpty(ctx.queryParam("keep")), orEmpty(ctx.queryParam("merge")), null, null)));
    }

    public void merge(Context ctx) {
        Actor actor = AdminGuard.actor(ctx);
        RequestBodies.Form form = RequestBodies.form(ctx, RequestBodies.CONSOLE_FORM);
        String keep = orEmpty(form.value("keep"));
        String merge = orEmpty(form.value("merge"));
        try {
            SpeakerMerge.Result result = merging.merge(actor, keep, merge);
            ctx.html(views.adminMerge(new AdminPages.MergePage(AdminGuard.csrfToken(ctx), "", "", result, null)));
        } catch (CurationInputException e) {
            ctx.status(HttpStatus.BAD_REQUEST);
            ctx.html(views.adminMerge(new AdminPages.MergePage(AdminGuard.csrfToken(ctx), keep, merge, null,
                    "The field “" + e.field() + "” " + e.getMessage() + ".")));
        } catch (CurationNotFoundException e) {
            ctx.status(HttpStatus.NOT_FOUND);
            ctx.html(views.adminMerge(new AdminPages.MergePage(AdminGuard.csrfToken(ctx), keep, merge, null,
                    e.getMessage() + ".")));
        }
    }

    public void reports(Context ctx) {
        ctx.html(views.adminReports(new AdminPages.ReportsPage(AdminGuard.csrfToken(ctx),
                reports.open(OPEN_REPORTS), notice(ctx))));
    }

    public void resolve(Context ctx) {
        Actor actor = AdminGuard.actor(ctx);
        long id = PathIds.id(ctx);
        CurationApiController.act(() -> reports.resolve(actor, id));
        ctx.redirect("/admin/reports?done=resolved", HttpStatus.SEE_OTHER);
    }

    /** What the redirect after a POST says was done; only the fixed sentences, never the parameter itself. */
    private static String notice(Context ctx) {
        String done = ctx.queryParam("done");
        return done == null ? null : NOTICES.get(done);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
