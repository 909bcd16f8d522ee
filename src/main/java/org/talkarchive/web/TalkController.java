package org.talkarchive.web;

import io.javalin.http.Context;
import io.javalin.http.GoneResponse;
import io.javalin.http.NotFoundResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.talkarchive.search.InvalidParameterException;
import org.talkarchive.search.TalkSearchService;
import org.talkarchive.talks.StartTime;
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
            if (talks.isHidden(ctx.pathParam("event"), ctx.pathParam("slug"))) {
                // hidden by an editor (curation): withdrawn, not mistyped. Browsers keep a 410 fresh forever unless
                // told otherwise (Chromium does), and an editor may unhide the talk tomorrow.
                ctx.header("Cache-Control", "no-cache");
                throw new GoneResponse("This talk is no longer available");
            }
            CanonicalRedirect.toOrNotFound(ctx, talks.talkPathIgnoringCase(ctx.pathParam("event"),
                    ctx.pathParam("slug")), "No such talk");
            return;
        }
        TalkDetail talk = found.get();
        // other parameters (a share's tracking tags) are ignored: a shared link must open
        VideoEmbeds.Player player;
        try {
            player = embeds.player(talk.videos(), source(ctx.queryParam("source")), startTime(ctx.queryParam("t")));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("source", e.getMessage());
        }
        TalkSummary t = talk.summary();
        String about = talk.summaryText() != null && !talk.summaryText().isBlank() ? talk.summaryText()
                : talk.descriptionText();
        ctx.html(views.talk(new TalkPageView(talk, search.related(t.id(), RELATED), "/api/talks/" + t.id(), player,
                views.meta(t.path(), about, t.thumbnailUrl(), "video.other"))));
    }

    private static Integer source(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidParameterException("source", "must be a source's number (1, 2, …), was '" + value + "'");
        }
    }

    private static int startTime(String value) {
        try {
            return StartTime.parse(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("t", e.getMessage());
        }
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
