package org.talkarchive.talks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.talkarchive.talks.Catalog.EventEntry;
import org.talkarchive.talks.Talks.Event;
import org.talkarchive.text.LikePatterns;
import org.talkarchive.text.Names;
import org.talkarchive.text.RestructuredText;

/** Every statement on events: an event by address (or by its address in other letter case), by name, and all of them. */
final class Events {

    // An event with how many visible talks it has.
    private static final String EVENT_WITH_COUNT = """
            SELECT e.id, e.slug, e.title, e.description, e.start_date, e.end_date, e.location, e.url,
                   (SELECT count(*) FROM talk t WHERE t.event_id = e.id AND NOT t.hidden) AS talk_count
              FROM event e
            """;
    private static final String EVENT = EVENT_WITH_COUNT + """
             WHERE e.slug = :slug
            """;
    private static final String EVENT_SLUGS_IGNORING_CASE = """
            SELECT slug FROM event WHERE lower(slug) = lower(:slug) LIMIT 2
            """;
    private static final String EVENTS_LIKE = EVENT_WITH_COUNT + """
             WHERE word_similarity(:words, lower(e.title)) >= 0.4 -- a few hundred events: no index needed, and
                                                                -- a transposed pair ("fixcnof") scores only 0.5
             ORDER BY word_similarity(:words, lower(e.title)) DESC, e.start_date DESC NULLS LAST, e.slug DESC
             LIMIT :limit
            """;
    private static final String EVENTS_NAMED = EVENT_WITH_COUNT + """
             WHERE e.slug LIKE :slug || '%' OR e.slug LIKE '%-' || :slug || '%'
                OR lower(e.title) LIKE :title || '%' OR lower(e.title) LIKE '% ' || :title || '%'
             ORDER BY e.start_date DESC NULLS LAST, e.slug DESC
             LIMIT :limit
            """;

    private static final String ENTRIES = """
            SELECT e.slug, e.title, e.start_date, e.end_date, e.location,
                   (SELECT count(*) FROM talk t WHERE t.event_id = e.id AND NOT t.hidden) AS talk_count
              FROM event e
            """;

    private final Jdbi readPool;

    Events(Jdbi readPool) {
        this.readPool = readPool;
    }

    /** The event, its description rendered. */
    Optional<Event> bySlug(String slug) {
        return readPool.withHandle(h -> h.createQuery(EVENT).bind("slug", slug)
                .map((rs, ctx) -> event(rs, RestructuredText.render(rs.getString("description")).html()))
                .findOne());
    }

    /** The slugs of the events whose slug equals this one but for letter case: at most two. */
    List<String> slugsIgnoringCase(String slug) {
        return readPool.withHandle(h -> h.createQuery(EVENT_SLUGS_IGNORING_CASE).bind("slug", slug)
                .mapTo(String.class).list());
    }

    /** Events whose slug or title starts with (or has a word starting with) the typed text, newest first. */
    List<Event> named(String typed, int limit) {
        String slug = LikePatterns.escape(Names.slug(typed));
        String title = LikePatterns.escape(typed.toLowerCase(Locale.ROOT).trim());
        if (slug.isEmpty()) {
            return List.of();
        }
        List<Event> found = readPool.withHandle(h -> h.createQuery(EVENTS_NAMED).bind("slug", slug)
                .bind("title", title).bind("limit", limit).map((rs, ctx) -> event(rs, "")).list());
        return SimilarNames.topUp(readPool, found, EVENTS_LIKE, typed.toLowerCase(Locale.ROOT).trim(), limit,
                (rs, ctx) -> event(rs, ""), Event::slug);
    }

    /** Every event, as the index and the series list it. */
    List<EventEntry> all() {
        return readPool.withHandle(h -> h.createQuery(ENTRIES).map((rs, ctx) -> new EventEntry(
                rs.getString("slug"), rs.getString("title"),
                EventSeries.year(TalkRepository.date(rs, "start_date"), rs.getString("title"), rs.getString("slug")),
                TalkRepository.date(rs, "start_date"), TalkRepository.date(rs, "end_date"), rs.getString("location"),
                rs.getInt("talk_count"))).list());
    }

    private static Event event(ResultSet rs, String descriptionHtml) throws SQLException {
        return new Event(rs.getLong("id"), rs.getString("slug"), rs.getString("title"), descriptionHtml,
                TalkRepository.date(rs, "start_date"), TalkRepository.date(rs, "end_date"), rs.getString("location"),
                rs.getString("url"), rs.getInt("talk_count"));
    }
}
