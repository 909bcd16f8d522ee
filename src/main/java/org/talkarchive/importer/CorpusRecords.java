package org.talkarchive.importer;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.talkarchive.transcripts.CaptionFormat;
import org.talkarchive.transcripts.Cue;

/** The corpus as read from disk and validated, before it touches the database. */
public final class CorpusRecords {

    private CorpusRecords() {
    }

    public record Event(String slug, String title, String description, LocalDate startDate, LocalDate endDate,
                        String url, List<Talk> talks, List<String> rejectedTalkSlugs) {
    }

    /** One talk; speakers and tags are already cleaned (see {@link SpeakerNames}, {@link TagNames}). */
    public record Talk(Path file, String slug, Integer sourceId, String title, String description,
                       String summary, LocalDate recorded, Integer durationSeconds,
                       String language, String thumbnailUrl, String copyright, String qualityNotes,
                       List<String> speakers, List<String> tags, List<Video> videos, List<Link> relatedLinks,
                       Captions captions) {
    }

    /**
     * The caption file beside a talk's record ({@code <talk>.vtt} or {@code <talk>.srt}); null on a talk when
     * there is none. A refused file is {@link #kept}: its cues are null and the talk's stored transcript stays as it
     * was, as a rejected record leaves its talk. {@code contentHash} identifies the file's bytes.
     */
    public record Captions(String fileName, CaptionFormat format, List<Cue> cues, String contentHash) {

        public boolean kept() {
            return cues == null;
        }
    }

    public record Video(String type, String url, Long sizeBytes) {
    }

    public record Link(String url, String label) {
    }

    /** A record that was not imported, and why. */
    public record Rejection(Path file, String reason) {
        @Override
        public String toString() {
            return file + ": " + reason;
        }
    }
}
