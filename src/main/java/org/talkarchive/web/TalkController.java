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
import org.talkarchive.transcripts.CaptionFileException;
import org.talkarchive.transcripts.CaptionFormat;
import org.talkarchive.transcripts.CaptionParser;
import org.talkarchive.transcripts.Cue;
import org.talkarchive.transcripts.TranscriptService;
import org.talkarchive.ui.TalkPageView;
import org.talkarchive.ui.TranscriptView;

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
    void apiTranscript(Context ctx) {
        long id = id(ctx);
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

    /**
     * Replaces a talk's transcript with an uploaded WebVTT or SRT file (the request body; {@code format} or the
     * content type says which). A file that cannot be read is a 400 naming its line; nothing is changed then.
     */
    void uploadTranscript(Context ctx) {
        long id = id(ctx);
        talks.talk(id).orElseThrow(() -> new NotFoundResponse("No talk " + id));
        String formatParam = ctx.queryParam("format");
        String contentType = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(java.util.Locale.ROOT);
        CaptionFormat format = formatParam != null
                ? CaptionFormat.byExtension(formatParam).orElseThrow(() -> new InvalidParameterException("format",
                        "must be vtt or srt, was '" + formatParam + "'"))
                : contentType.startsWith("text/vtt") ? CaptionFormat.VTT
                : contentType.startsWith("application/x-subrip") ? CaptionFormat.SRT
                : null;
        if (format == null) {
            throw new InvalidParameterException("format", "say vtt or srt (?format=, or Content-Type text/vtt or"
                    + " application/x-subrip)");
        }
        String fileName = ctx.queryParam("file_name");
        if (fileName == null || fileName.isBlank()) {
            fileName = "upload." + format.extension();
        } else if (fileName.length() > 200 || !fileName.matches("[^/\\\\\\p{Cntrl}]+")) {
            throw new InvalidParameterException("file_name", "must be a file name of at most 200 characters,"
                    + " without slashes");
        }
        byte[] body = body(ctx, CaptionParser.MAX_BYTES);
        List<Cue> cues;
        try {
            cues = transcripts.upload(id, fileName.strip(), format, body);
        } catch (CaptionFileException e) {
            throw new InvalidParameterException("file", e.getMessage());
        }
        ctx.json(Map.of("talk_id", id, "format", format.extension(), "file_name", fileName.strip(),
                "cues", cues.size()));
    }

    /** The caption file: larger than the other routes' bodies may be, and still never read past its limit. */
    private static byte[] body(Context ctx, int max) {
        return RequestBodies.bytes(ctx, max, size -> "The caption file is " + size + "; a transcript may be at most "
                + max + " bytes (" + max / (1024 * 1024) + " MB). Nothing was changed.");
    }

    void deleteTranscript(Context ctx) {
        long id = id(ctx);
        if (!transcripts.remove(id)) {
            throw new NotFoundResponse("Talk " + id + " has no transcript");
        }
        ctx.status(204);
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
