package org.talkarchive.web;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.talkarchive.search.InvalidParameterException;
import org.talkarchive.search.TalkSearchService;
import org.talkarchive.talks.TalkRepository;
import org.talkarchive.talks.VideoEmbeds;
import org.talkarchive.talks.Talks.TalkDetail;
import org.talkarchive.talks.Talks.TalkSummary;
import org.talkarchive.ui.TalkPageView;

/** A talk's page, its JSON, and talks related to it. */
public final class TalkController {

    private static final int RELATED = 6;

    private final TalkRepository talks;
    private final TalkSearchService search;
    private final Views views;
    private final VideoEmbeds embeds;

    public TalkController(TalkRepository talks, TalkSearchService search, Views views, VideoEmbeds embeds) {
        this.talks = talks;
        this.search = search;
        this.views = views;
        this.embeds = embeds;
    }

    void page(Context ctx) {
        Optional<TalkDetail> found = talks.talk(ctx.pathParam("event"), ctx.pathParam("slug"));
        if (found.isEmpty()) {
            CanonicalRedirect.toOrNotFound(ctx, talks.talkPathIgnoringCase(ctx.pathParam("event"),
                    ctx.pathParam("slug")), "No such talk");
            return;
        }
        TalkDetail talk = found.get();
        ctx.html(views.talk(new TalkPageView(talk, search.related(talk.summary().id(), RELATED),
                "/api/talks/" + talk.summary().id(), embeds.first(talk.videos()).orElse(null))));
    }

    void api(Context ctx) {
        long id = id(ctx);
        ctx.json(talks.talk(id).orElseThrow(() -> new NotFoundResponse("No talk " + id)));
    }

    void apiRelated(Context ctx) {
        long id = id(ctx);
        talks.talk(id).orElseThrow(() -> new NotFoundResponse("No talk " + id));
        List<TalkSummary> related = search.related(id, RELATED);
        ctx.json(Map.of("talks", related));
    }

    private static long id(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new InvalidParameterException("id", "must be a talk id (a whole number), was '"
                    + ctx.pathParam("id") + "'");
        }
    }
}
