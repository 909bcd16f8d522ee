package org.talkarchive.talks;

import java.time.LocalDate;
import java.util.List;

/** What the archive shows of talks, speakers and events: read models, loaded from PostgreSQL. */
public final class Talks {

    private Talks() {
    }

    public record SpeakerRef(String slug, String name) {
    }

    public record TagRef(String key, String name) {
    }

    public record EventRef(String slug, String title) {
    }

    /** A talk in a result list. */
    public record TalkSummary(long id, String slug, String title, EventRef event, LocalDate recorded,
                              Integer durationSeconds, String language, String thumbnailUrl,
                              List<SpeakerRef> speakers, List<TagRef> tags) {

        public String path() {
            return PagePaths.talk(event.slug(), slug);
        }
    }

    public record Video(String type, String url) {
    }

    public record Link(String url, String label) {
    }

    /** A talk on its own page. {@code descriptionHtml} is safe to embed; {@code descriptionText} is its text. */
    public record TalkDetail(TalkSummary summary, String descriptionHtml, String descriptionText, String summaryText,
                             String copyright,
                             List<Video> videos, List<Link> relatedLinks) {
    }

    public record Speaker(long id, String slug, String name, List<String> aliases, int talkCount) {
    }

    public record Event(long id, String slug, String title, String descriptionHtml, LocalDate startDate,
                        LocalDate endDate, String location, String url, int talkCount) {
    }
}
