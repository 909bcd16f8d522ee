package org.talkarchive.web.admin;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.util.List;
import java.util.Map;
import org.talkarchive.search.InvalidParameterException;
import org.talkarchive.talks.TalkRepository;
import org.talkarchive.transcripts.CaptionFileException;
import org.talkarchive.transcripts.CaptionFormat;
import org.talkarchive.transcripts.CaptionParser;
import org.talkarchive.transcripts.Cue;
import org.talkarchive.transcripts.TranscriptService;
import org.talkarchive.web.shared.PathIds;
import org.talkarchive.web.shared.RequestBodies;

/** A talk's transcript through the admin API: uploaded as a caption file, or removed. */
public final class TranscriptApiController {

    private final TalkRepository talks;
    private final TranscriptService transcripts;

    public TranscriptApiController(TalkRepository talks, TranscriptService transcripts) {
        this.talks = talks;
        this.transcripts = transcripts;
    }

    /**
     * Replaces a talk's transcript with an uploaded WebVTT or SRT file (the request body; {@code format} or the
     * content type says which). A file that cannot be read is a 400 naming its line; nothing is changed then.
     */
    public void upload(Context ctx) {
        long id = PathIds.id(ctx);
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

    public void delete(Context ctx) {
        long id = PathIds.id(ctx);
        if (!transcripts.remove(id)) {
            throw new NotFoundResponse("Talk " + id + " has no transcript");
        }
        ctx.status(204);
    }
}
