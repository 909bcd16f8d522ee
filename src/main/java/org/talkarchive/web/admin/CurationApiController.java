package org.talkarchive.web.admin;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.talkarchive.admin.Actor;
import org.talkarchive.curation.CurationInputException;
import org.talkarchive.curation.CurationNotFoundException;
import org.talkarchive.curation.ProblemReports;
import org.talkarchive.curation.SpeakerMerge;
import org.talkarchive.curation.TalkEditing;
import org.talkarchive.search.InvalidParameterException;
import org.talkarchive.web.shared.PathIds;
import org.talkarchive.web.shared.RequestBodies;

/**
 * Curation as JSON under /api/admin: edit, hide and unhide a talk, merge speakers, list and resolve viewers'
 * reports. Thin: the services in {@code curation} validate, write, audit and leave publishing to the sync. The
 * bearer filter on /api/admin/* ({@link AdminController#authorize}) has let every request here in; the audit log
 * names the actor {@link Actor#ADMIN_TOKEN}.
 */
public final class CurationApiController {

    private static final int OPEN_REPORTS = 500;

    /** The body of PATCH /api/admin/talks/{id}; absent fields are left as they are. */
    record EditRequest(String title, String description, List<String> tags) {
    }

    /** The body of POST /api/admin/speakers/merge: merge the speaker {@code merge} into {@code keep}. */
    record MergeRequest(String keep, String merge) {
    }

    private final TalkEditing editing;
    private final SpeakerMerge merging;
    private final ProblemReports reports;

    public CurationApiController(TalkEditing editing, SpeakerMerge merging, ProblemReports reports) {
        this.editing = editing;
        this.merging = merging;
        this.reports = reports;
    }

    public void talk(Context ctx) {
        long id = PathIds.id(ctx);
        ctx.json(editing.talk(id).orElseThrow(() -> new NotFoundResponse("No talk " + id)));
    }

    public void edit(Context ctx) {
        long id = PathIds.id(ctx);
        EditRequest body = body(ctx, EditRequest.class);
        ctx.json(act(() -> editing.edit(Actor.ADMIN_TOKEN, id, new TalkEditing.Edit(body.title(), body.description(),
                body.tags()))));
    }

    public void hide(Context ctx) {
        long id = PathIds.id(ctx);
        ctx.json(act(() -> editing.hide(Actor.ADMIN_TOKEN, id)));
    }

    public void unhide(Context ctx) {
        long id = PathIds.id(ctx);
        ctx.json(act(() -> editing.unhide(Actor.ADMIN_TOKEN, id)));
    }

    public void merge(Context ctx) {
        MergeRequest body = body(ctx, MergeRequest.class);
        ctx.json(act(() -> merging.merge(Actor.ADMIN_TOKEN, body.keep(), body.merge())));
    }

    public void openReports(Context ctx) {
        ctx.json(Map.of("reports", reports.open(OPEN_REPORTS)));
    }

    public void resolve(Context ctx) {
        long id = PathIds.id(ctx);
        ctx.json(act(() -> reports.resolve(Actor.ADMIN_TOKEN, id)));
    }

    /** Runs a curation action, its refusals as the API's errors: 400 naming the field, 404. */
    static <T> T act(java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (CurationInputException e) {
            throw new InvalidParameterException(e.field(), e.getMessage());
        } catch (CurationNotFoundException e) {
            throw new NotFoundResponse(e.getMessage());
        }
    }

    private static <T> T body(Context ctx, Class<T> type) {
        byte[] bytes = RequestBodies.bytes(ctx, RequestBodies.JSON); // 413 above the limit, counted while reading
        T body;
        try {
            body = ctx.jsonMapper().fromJsonString(new String(bytes, StandardCharsets.UTF_8), type);
        } catch (Exception e) { // Jackson's exceptions, checked in Java, come through Kotlin undeclared
            throw new InvalidParameterException("body", "must be a JSON object with the fields this operation"
                    + " takes (see /api/docs)");
        }
        if (body == null) {
            throw new InvalidParameterException("body", "must be a JSON object");
        }
        return body;
    }
}
