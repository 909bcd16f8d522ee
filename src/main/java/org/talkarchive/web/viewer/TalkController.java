package org.talkarchive.web.viewer;

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
import org.talkarchive.talks.Talks.TalkDetail;
import org.talkarchive.talks.Talks.TalkSummary;
import org.talkarchive.talks.VideoEmbeds;
import org.talkarchive.transcripts.TranscriptService;
import org.talkarchive.ui.TalkPageView;
import org.talkarchive.ui.TranscriptView;
import org.talkarchive.web.shared.CanonicalRedirect;
import org.talkarchive.web.shared.PathIds;
import org.talkarchive.web.shared.Views;

/** A talk's page, its JSON, and talks related to it. */
public final class TalkController {

    private static final int RELATED = 6;

    private final TalkRepository talks;
    private final TalkSearchService search;
    private final Views views;
    private final VideoEmbeds embeds;
    private final TranscriptService transcripts;

    public TalkController(TalkRepository talks, TalkSearchService search, Views views, VideoEmbeds embeds,
                          TranscriptService transcripts) {
        this.talks = talks;
        this.search = search;
        this.views = views;
        this.embeds = embeds;
        this.transcripts = transcripts;
    }

    public void page(Context ctx) {
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
        Integer source = source(ctx.queryParam("source"));
        String filter = transcriptFilter(ctx.queryParam("tq"), "tq");
        try {
            player = embeds.player(talk.videos(), source, startTime(ctx.queryParam("t")));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("source", e.getMessage());
        }
        TalkSummary t = talk.summary();
        String about = talk.summaryText() != null && !talk.summaryText().isBlank() ? talk.summaryText()
                : talk.descriptionText();
        TranscriptView transcript = transcripts.transcript(t.id())
                .map(tr -> new TranscriptView(t.path(), tr.matching(filter), tr.cues().size(), filter, source))
                .orElse(null);
        ctx.html(views.talk(new TalkPageView(talk, search.related(t.id(), RELATED), "/api/talks/" + t.id(), player,
                views.meta(t.path(), about, t.thumbnailUrl(), "video.other"), transcript)));
    }

    /** The words of a transcript filter ({@code tq} on the page, {@code q} in the API); empty for none. */
    private static String transcriptFilter(String value, String name) {
        if (value == null) {
            return "";
        }
        if (value.length() > TranscriptService.MAX_FILTER) {
            throw new InvalidParameterException(name, "must be at most " + TranscriptService.MAX_FILTER
                    + " characters");
        }
        return value.strip();
    }

    /** The transcript's cues as JSON (those holding the words of {@code q}, if given), each with its deep link. */
    public void apiTranscript(Context ctx) {
        long id = PathIds.id(ctx);
        TalkDetail talk = talks.talk(id).orElseThrow(() -> new NotFoundResponse("No talk " + id));
        String filter = transcriptFilter(ctx.queryParam("q"), "q");
        var transcript = transcripts.transcript(id)
                .orElseThrow(() -> new NotFoundResponse("Talk " + id + " has no transcript"));
        String path = talk.summary().path();
        List<Map<String, Object>> cues = transcript.matching(filter).stream().map(cue -> Map.<String, Object>of(
                "start", cue.startSecond(), "start_ms", cue.startMs(), "end_ms", cue.endMs(), "text", cue.text(),
                "url", StartTime.link(path, cue.startSecond()))).toList();
        ctx.json(Map.of("talk_id", id, "origin", transcript.source().origin(), "format", transcript.source().format(),
                "file_name", transcript.source().fileName(), "total", transcript.cues().size(), "cues", cues));
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

    public void api(Context ctx) {
        long id = PathIds.id(ctx);
        ctx.json(talks.talk(id).orElseThrow(() -> new NotFoundResponse("No talk " + id)));
    }

    public void apiRelated(Context ctx) {
        long id = PathIds.id(ctx);
        talks.talk(id).orElseThrow(() -> new NotFoundResponse("No talk " + id));
        List<TalkSummary> related = search.related(id, RELATED);
        ctx.json(Map.of("talks", related));
    }
}
