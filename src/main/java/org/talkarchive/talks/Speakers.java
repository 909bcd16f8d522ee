package org.talkarchive.talks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.talkarchive.talks.Catalog.Count;
import org.talkarchive.talks.Catalog.SpeakerEntry;
import org.talkarchive.talks.Catalog.YearCount;
import org.talkarchive.talks.Talks.Speaker;
import org.talkarchive.text.LikePatterns;
import org.talkarchive.text.Names;

/**
 * Every statement on speakers: a speaker by address, by a folded spelling's address, by the start of a name (or one
 * like it), and what a speaker's page and the speaker index list. Speakers without a visible talk (left behind by
 * edits, or with hidden talks only) are counted and listed nowhere.
 */
final class Speakers {

    private static final String SPEAKER = """
            SELECT s.id, s.slug, s.name, s.aliases,
                   (SELECT count(*) FROM visible_talk_speaker ts WHERE ts.speaker_id = s.id) AS talk_count
              FROM speaker s WHERE s.slug = :slug
            """;
    // A spelling folded into a person ("Dr. Greg Wilson") had an address of its own before: the person now.
    private static final String SPEAKER_BY_ALIAS_SLUG = """
            SELECT slug FROM speaker WHERE :slug = ANY(alias_slugs) ORDER BY slug LIMIT 1
            """;
    // Names match by slug, so "lukasz lan" finds "Łukasz Langa": at the start, or at the start of a later word.
    // The patterns escape their own % and _ with a backslash, LIKE's default escape character.
    private static final String SPEAKERS_NAMED = """
            SELECT s.id, s.slug, s.name, s.aliases, count(ts.talk_id) AS talk_count
              FROM speaker s JOIN visible_talk_speaker ts ON ts.speaker_id = s.id
             WHERE s.slug LIKE :slug || '%' OR s.slug LIKE '%-' || :slug || '%'
             GROUP BY s.id
             ORDER BY count(ts.talk_id) DESC, s.name
             LIMIT :limit
            """;
    // With a typo: names whose words are most like the typed ones (pg_trgm's word similarity; for speakers the
    // indexed operator's 0.6).
    private static final String SPEAKERS_LIKE = """
            SELECT s.id, s.slug, s.name, s.aliases, count(ts.talk_id) AS talk_count
              FROM speaker s JOIN visible_talk_speaker ts ON ts.speaker_id = s.id
             WHERE :words <% s.slug
             GROUP BY s.id
             ORDER BY word_similarity(:words, s.slug) DESC, count(ts.talk_id) DESC, s.name
             LIMIT :limit
            """;
    private static final String EVENTS_OF_SPEAKER = """
            SELECT e.slug, e.title AS name, count(*) AS talks
              FROM talk_speaker ts JOIN talk t ON t.id = ts.talk_id JOIN event e ON e.id = t.event_id
             WHERE ts.speaker_id = :speaker AND NOT t.hidden
             GROUP BY e.id
             ORDER BY coalesce(e.start_date, max(t.recorded)) DESC NULLS LAST, e.slug DESC
            """;
    private static final String YEARS_OF_SPEAKER = """
            SELECT extract(year FROM t.recorded)::int AS year, count(*) AS talks
              FROM talk_speaker ts JOIN talk t ON t.id = ts.talk_id
             WHERE ts.speaker_id = :speaker AND t.recorded IS NOT NULL AND NOT t.hidden
             GROUP BY 1 ORDER BY 1
            """;
    private static final String CO_SPEAKERS = """
            SELECT s.slug, s.name, count(*) AS talks
              FROM visible_talk_speaker mine
              JOIN visible_talk_speaker theirs ON theirs.talk_id = mine.talk_id AND theirs.speaker_id <> mine.speaker_id
              JOIN speaker s ON s.id = theirs.speaker_id
             WHERE mine.speaker_id = :speaker
             GROUP BY s.id
             ORDER BY count(*) DESC, s.name
            """;
    private static final String LETTERS = """
            SELECT DISTINCT left(s.slug, 1) AS letter
              FROM speaker s WHERE EXISTS (SELECT 1 FROM visible_talk_speaker ts WHERE ts.speaker_id = s.id)
             ORDER BY 1
            """;
    private static final String WITH_TALKS = """
            SELECT s.slug, s.name, count(*) AS talks
              FROM speaker s JOIN visible_talk_speaker ts ON ts.speaker_id = s.id
             GROUP BY s.id
            """;
    private static final String BY_LETTER = """
            SELECT s.slug, s.name, count(*) AS talks
              FROM speaker s JOIN visible_talk_speaker ts ON ts.speaker_id = s.id
             WHERE left(s.slug, 1) = :letter
             GROUP BY s.id
             ORDER BY s.slug
             LIMIT :limit OFFSET :offset
            """;
    private static final String COUNT_BY_LETTER = """
            SELECT count(*) FROM speaker s
             WHERE left(s.slug, 1) = :letter
               AND EXISTS (SELECT 1 FROM visible_talk_speaker ts WHERE ts.speaker_id = s.id)
            """;
    private static final String CONTAINING = """
            SELECT s.slug, s.name, count(*) AS talks
              FROM speaker s JOIN visible_talk_speaker ts ON ts.speaker_id = s.id
             WHERE s.slug LIKE '%' || :words || '%'
             GROUP BY s.id
             ORDER BY s.slug
             LIMIT :limit OFFSET :offset
            """;
    private static final String COUNT_CONTAINING = """
            SELECT count(*) FROM speaker s
             WHERE s.slug LIKE '%' || :words || '%'
               AND EXISTS (SELECT 1 FROM visible_talk_speaker ts WHERE ts.speaker_id = s.id)
            """;

    private final Jdbi readPool;

    Speakers(Jdbi readPool) {
        this.readPool = readPool;
    }

    Optional<Speaker> bySlug(String slug) {
        return readPool.withHandle(h -> h.createQuery(SPEAKER).bind("slug", slug)
                .map((rs, ctx) -> speaker(rs)).findOne());
    }

    /** The person a folded spelling's slug belongs to now. */
    Optional<String> slugOfAlias(String aliasSlug) {
        return readPool.withHandle(h -> h.createQuery(SPEAKER_BY_ALIAS_SLUG).bind("slug", aliasSlug)
                .mapTo(String.class).findOne());
    }

    /** Speakers whose name starts with the typed words (or has a later word that does), busiest first. */
    List<Speaker> named(String typed, int limit) {
        String slug = LikePatterns.escape(Names.slug(typed));
        if (slug.isEmpty()) {
            return List.of();
        }
        List<Speaker> found = readPool.withHandle(h -> h.createQuery(SPEAKERS_NAMED).bind("slug", slug)
                .bind("limit", limit).map((rs, ctx) -> speaker(rs)).list());
        return SimilarNames.topUp(readPool, found, SPEAKERS_LIKE, Names.slug(typed), limit,
                (rs, ctx) -> speaker(rs), Speaker::slug);
    }

    List<Count> events(long speaker) {
        return counts(EVENTS_OF_SPEAKER, speaker);
    }

    List<YearCount> years(long speaker) {
        return readPool.withHandle(h -> h.createQuery(YEARS_OF_SPEAKER).bind("speaker", speaker)
                .map((rs, ctx) -> new YearCount(rs.getInt("year"), rs.getInt("talks"))).list());
    }

    List<Count> coSpeakers(long speaker) {
        return counts(CO_SPEAKERS, speaker);
    }

    /** The initials that have speakers, for the A–Z links. */
    List<String> letters() {
        return readPool.withHandle(h -> h.createQuery(LETTERS).map((rs, ctx) -> rs.getString("letter")).list());
    }

    /** Every speaker with a visible talk, and how many they have. */
    List<Count> withTalks() {
        return readPool.withHandle(h -> h.createQuery(WITH_TALKS).map((rs, ctx) -> count(rs)).list());
    }

    /** Speakers whose slug starts with the letter, A–Z, at most {@code limit} after the first {@code offset}. */
    List<SpeakerEntry> byLetter(String letter, long offset, int limit) {
        return entries(BY_LETTER, "letter", letter, offset, limit);
    }

    /** How many speakers {@link #byLetter} lists over all its pages. */
    int countByLetter(String letter) {
        return total(COUNT_BY_LETTER, "letter", letter);
    }

    /** Speakers whose slug contains the slug of the words, A–Z, at most {@code limit} after the first {@code offset}. */
    List<SpeakerEntry> containing(String slugWords, long offset, int limit) {
        return entries(CONTAINING, "words", LikePatterns.escape(slugWords), offset, limit);
    }

    /** How many speakers {@link #containing} lists over all its pages. */
    int countContaining(String slugWords) {
        return total(COUNT_CONTAINING, "words", LikePatterns.escape(slugWords));
    }

    private List<Count> counts(String sql, long speaker) {
        return readPool.withHandle(h -> h.createQuery(sql).bind("speaker", speaker).map((rs, ctx) -> count(rs)).list());
    }

    private int total(String sql, String name, String value) {
        return readPool.withHandle(h -> h.createQuery(sql).bind(name, value).mapTo(Integer.class).one());
    }

    private List<SpeakerEntry> entries(String sql, String name, String value, long offset, int limit) {
        return readPool.withHandle(h -> h.createQuery(sql).bind(name, value).bind("limit", limit).bind("offset", offset)
                .map((rs, ctx) -> new SpeakerEntry(rs.getString("slug"), rs.getString("name"), rs.getInt("talks")))
                .list());
    }

    static Count count(ResultSet rs) throws SQLException {
        return new Count(rs.getString("slug"), rs.getString("name"), rs.getInt("talks"));
    }

    private static Speaker speaker(ResultSet rs) throws SQLException {
        return new Speaker(rs.getLong("id"), rs.getString("slug"), rs.getString("name"),
                TalkRepository.strings(rs.getArray("aliases")), rs.getInt("talk_count"));
    }
}
