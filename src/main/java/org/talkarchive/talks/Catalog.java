package org.talkarchive.talks;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.talkarchive.talks.Talks.Event;
import org.talkarchive.talks.Talks.Speaker;
import org.talkarchive.talks.Talks.TalkSummary;
import org.talkarchive.text.Names;

/**
 * What viewers browse, read from PostgreSQL: a speaker with their events, years and co-speakers; an event with its
 * talks in schedule order; every event grouped by series; speakers A–Z; and every page's path for the sitemap.
 * None of it needs the search engine, so these pages stay whole while it is away.
 */
public final class Catalog {

    /** A speaker or event with how many talks of the page's subject it has. */
    public record Count(String slug, String name, int talks) {
    }

    public record YearCount(int year, int talks) {
    }

    /**
     * A speaker's page: who, where and when they spoke, with whom, and their talks, newest first. In JSON the
     * speaker's own fields come first, as in a speaker's suggestion.
     */
    public record SpeakerProfile(@JsonUnwrapped Speaker speaker, List<Count> events, List<YearCount> years, List<Count> coSpeakers,
                                 List<TalkSummary> talks) {
    }

    public record SeriesRef(String slug, String name) {

        public String path() {
            return PagePaths.series(slug);
        }
    }

    /** An event's page: the event, its series, and its talks in schedule order (recorded, then as imported). */
    public record EventPage(@JsonUnwrapped Event event, SeriesRef series, List<TalkSummary> talks) {
    }

    /** An event in an index or series: enough to list it. */
    public record EventEntry(String slug, String title, Integer year, LocalDate startDate, LocalDate endDate,
                             String location, int talkCount) {

        public String path() {
            return PagePaths.event(slug);
        }
    }

    /** An event on the home page: how many talks it has and one of their thumbnails (https, or null). */
    public record RecentEvent(String slug, String title, LocalDate startDate, int talkCount, String thumbnailUrl) {

        public String path() {
            return PagePaths.event(slug);
        }
    }

    /** The home page: the newest talks, the latest events, the most used tags and the largest series. */
    public record Home(List<TalkSummary> newest, List<RecentEvent> events, List<Count> tags, List<Series> series) {
    }

    /** Events of one series (see {@link EventSeries}), newest first. */
    public record Series(String slug, String name, List<EventEntry> events) {

        public String path() {
            return PagePaths.series(slug);
        }

        public int talkCount() {
            return events.stream().mapToInt(EventEntry::talkCount).sum();
        }

        /** The years of its events, oldest first, each once. */
        public List<Integer> years() {
            return events.stream().map(EventEntry::year).filter(y -> y != null).distinct().sorted().toList();
        }
    }

    public record SpeakerEntry(String slug, String name, int talkCount) {

        public String path() {
            return PagePaths.speaker(slug);
        }
    }

    /**
     * One page of the speaker index: speakers whose name starts with a letter, or contains the filter's words.
     *
     * @param letters      the initials that have speakers, for the A–Z links
     * @param more         whether a later page lists more of them
     * @param page         this page, from 1 (beyond {@code pages} when asked for one that is not there: no speakers)
     * @param pages        how many pages list them all (at least 1)
     * @param speakerCount how many speakers match, on all pages
     */
    public record SpeakerIndex(String filter, String letter, List<String> letters, List<SpeakerEntry> speakers,
                               boolean more, int page, int pages, int speakerCount) {
    }

    /**
     * One page of the events index: series A–Z.
     *
     * @param page        this page, from 1 (beyond {@code pages} when asked for one that is not there: no series)
     * @param pages       how many pages list them all (at least 1)
     * @param seriesCount how many series there are, on all pages
     * @param eventCount  how many events those series have, on all pages
     */
    public record EventsIndex(List<Series> series, int page, int pages, int seriesCount, int eventCount) {
    }

    private static final String NEWEST_TALKS = TalkRepository.SUMMARY + """
              FROM talk_projection
             ORDER BY recorded DESC NULLS LAST, id DESC
             LIMIT :limit
            """;
    // an event's thumbnail is its first talk's that browsers may load (https), so the page stays mixed-content free
    private static final String RECENT_EVENTS = """
            SELECT e.slug, e.title, e.start_date, count(*) AS talk_count,
                   (SELECT p.thumbnail_url FROM talk_projection p
                     WHERE p.event_id = e.id AND p.thumbnail_url LIKE 'https://%'
                     ORDER BY p.recorded NULLS LAST, p.id LIMIT 1) AS thumbnail_url
              FROM event e JOIN talk t ON t.event_id = e.id AND NOT t.hidden
             GROUP BY e.id
             ORDER BY coalesce(e.start_date, max(t.recorded)) DESC NULLS LAST, e.slug DESC
             LIMIT :limit
            """;
    private static final String POPULAR_TAGS = """
            SELECT g.name AS slug, g.display_name AS name, count(*) AS talks
              FROM tag g JOIN talk_tag tt ON tt.tag_id = g.id JOIN talk t ON t.id = tt.talk_id AND NOT t.hidden
             GROUP BY g.id
             ORDER BY count(*) DESC, g.name
             LIMIT :limit
            """;
    // The sitemap's pages but the fixed ones; ordered so that a part of a sitemap index is the same on every read.
    private static final String SITEMAP_PATHS = """
            SELECT kind, a, b FROM (
                SELECT 1 AS kind, e.slug AS a, t.slug AS b, t.id AS n FROM talk t JOIN event e ON e.id = t.event_id
                 WHERE NOT t.hidden
                UNION ALL
                SELECT 2, s.slug, NULL, s.id FROM speaker s
                 WHERE EXISTS (SELECT 1 FROM visible_talk_speaker ts WHERE ts.speaker_id = s.id)
                UNION ALL
                SELECT 3, e.slug, NULL, e.id FROM event e
            ) pages
            ORDER BY kind, n
            """;
    private static final String PAGE_COUNT = """
            SELECT (SELECT count(*) FROM talk WHERE NOT hidden)
                 + (SELECT count(*) FROM speaker s
                     WHERE EXISTS (SELECT 1 FROM visible_talk_speaker ts WHERE ts.speaker_id = s.id))
                 + (SELECT count(*) FROM event)
            """;

    private final Jdbi readPool;
    private final TalkRepository talks;
    private final Speakers speakers;
    private final Events events;

    public Catalog(Jdbi readPool, TalkRepository talks) {
        this.readPool = readPool;
        this.talks = talks;
        this.speakers = new Speakers(readPool);
        this.events = new Events(readPool);
    }

    public Optional<SpeakerProfile> speaker(String slug) {
        return speakers.bySlug(slug).map(speaker -> new SpeakerProfile(speaker, speakers.events(speaker.id()),
                speakers.years(speaker.id()), speakers.coSpeakers(speaker.id()), talks.talksOfSpeaker(speaker.id())));
    }

    public Optional<EventPage> event(String slug) {
        return events.bySlug(slug).map(event -> new EventPage(event,
                new SeriesRef(EventSeries.slug(event.title()), EventSeries.name(event.title())),
                talks.talksOfEvent(event.id())));
    }

    /** Every speaker with a visible talk, and how many they have: the names the search box may use. */
    public List<Count> speakersWithTalks() {
        return speakers.withTalks();
    }

    /** Every event, grouped by series; series A–Z, events newest first. */
    public List<Series> series() {
        List<EventEntry> entries = events.all();
        Comparator<EventEntry> newestFirst = Comparator.comparing(EventEntry::year,
                Comparator.nullsLast(Comparator.reverseOrder())).thenComparing(EventEntry::slug);
        Map<String, List<EventEntry>> bySlug = new LinkedHashMap<>();
        entries.stream().sorted(newestFirst)
                .forEach(e -> bySlug.computeIfAbsent(EventSeries.slug(e.title()), k -> new ArrayList<>()).add(e));
        List<Series> series = new ArrayList<>();
        // the newest event's spelling names the series ("PyCon Odessa" over an older "Pycon Odessa")
        bySlug.forEach((slug, list) -> series.add(new Series(slug, EventSeries.name(list.get(0).title()), list)));
        series.sort(Comparator.comparing((Series s) -> s.name().toLowerCase(java.util.Locale.ROOT))
                .thenComparing(Series::slug));
        return series;
    }

    /** What the home page shows: {@code talks} newest talks, {@code events} latest events, 20 tags, 12 series. */
    public Home home(int talks, int events) {
        List<Series> largest = new ArrayList<>(series());
        largest.sort(Comparator.comparingInt(Series::talkCount).reversed().thenComparing(Series::slug));
        return readPool.withHandle(h -> new Home(
                h.createQuery(NEWEST_TALKS).bind("limit", talks).map((rs, ctx) -> TalkRepository.summary(rs)).list(),
                h.createQuery(RECENT_EVENTS).bind("limit", events).map((rs, ctx) -> new RecentEvent(
                        rs.getString("slug"), rs.getString("title"), TalkRepository.date(rs, "start_date"),
                        rs.getInt("talk_count"), rs.getString("thumbnail_url"))).list(),
                h.createQuery(POPULAR_TAGS).bind("limit", 20).map((rs, ctx) -> Speakers.count(rs)).list(),
                List.copyOf(largest.subList(0, Math.min(12, largest.size())))));
    }

    /**
     * Page {@code page} (from 1) of {@link #series()}, {@code size} series a page. The series are cut from the one
     * list rather than by OFFSET, because they are made in Java from the events' titles (a few hundred events).
     */
    public EventsIndex series(int page, int size) {
        List<Series> all = series();
        int from = (int) Math.min(all.size(), (page - 1L) * size);
        return new EventsIndex(List.copyOf(all.subList(from, Math.min(all.size(), from + size))), page,
                pages(all.size(), size), all.size(), all.stream().mapToInt(s -> s.events().size()).sum());
    }

    public Optional<Series> series(String slug) {
        return series().stream().filter(s -> s.slug().equals(slug)).findFirst();
    }

    /**
     * Speakers whose name contains the filter's words (when given), else those whose name starts with the letter
     * (when not given: the first Latin letter that has speakers); A–Z by name, page {@code page} (from 1) of
     * {@code size} speakers each.
     */
    public SpeakerIndex speakers(String filter, String letter, int page, int size) {
        List<String> letters = speakers.letters();
        long offset = (page - 1L) * size;
        String words = filter == null ? "" : Names.slug(filter);
        if (!words.isEmpty()) {
            int count = speakers.countContaining(words);
            return new SpeakerIndex(filter.strip(), null, letters, speakers.containing(words, offset, size),
                    offset + size < count, page, pages(count, size), count);
        }
        String initial = letter == null || letter.isBlank() ? firstLatinLetter(letters)
                : Names.slug(letter).isEmpty() ? letter.strip() : Names.slug(letter).substring(0, 1);
        int count = speakers.countByLetter(initial);
        return new SpeakerIndex("", initial, letters, speakers.byLetter(initial, offset, size), offset + size < count,
                page, pages(count, size), count);
    }

    /** How many pages the sitemap lists besides the fixed ones (home, indexes, series). */
    public long pageCount() {
        return readPool.withHandle(h -> h.createQuery(PAGE_COUNT).mapTo(Long.class).one());
    }

    /** Every talk's, speaker's and event's path, streamed (a full corpus has some 35,000), from {@code skip} on. */
    public void pagePaths(long skip, long limit, Consumer<String> path) {
        readPool.useHandle(h -> {
            try (var rows = h.createQuery(SITEMAP_PATHS + " OFFSET :skip LIMIT :limit").bind("skip", skip)
                    .bind("limit", limit).setFetchSize(1000)
                    .map((rs, ctx) -> switch (rs.getInt("kind")) {
                        case 1 -> PagePaths.talk(rs.getString("a"), rs.getString("b"));
                        case 2 -> PagePaths.speaker(rs.getString("a"));
                        default -> PagePaths.event(rs.getString("a"));
                    }).stream()) {
                rows.forEach(path);
            }
        });
    }

    /** "a" on the full corpus: names starting with a digit or another script are few and come first A–Z. */
    private static String firstLatinLetter(List<String> letters) {
        return letters.stream().filter(l -> l.matches("[a-z]")).findFirst()
                .orElse(letters.isEmpty() ? "a" : letters.get(0));
    }

    /** How many pages of {@code size} list {@code count} entries: at least one, which may be empty. */
    private static int pages(int count, int size) {
        return Math.max(1, (count + size - 1) / size);
    }
}
