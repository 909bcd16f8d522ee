package org.talkarchive.importer;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

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
                       List<String> speakers, List<String> tags, List<Video> videos, List<Link> relatedLinks) {
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
