package org.talkarchive.talks;

import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.talkarchive.talks.Talks.Event;
import org.talkarchive.talks.Talks.EventRef;
import org.talkarchive.talks.Talks.Link;
import org.talkarchive.talks.Talks.Speaker;
import org.talkarchive.talks.Talks.SpeakerRef;
import org.talkarchive.talks.Talks.TagRef;
import org.talkarchive.talks.Talks.TalkDetail;
import org.talkarchive.talks.Talks.TalkSummary;
import org.talkarchive.talks.Talks.Video;
import org.talkarchive.text.Names;
import org.talkarchive.text.RestructuredText;

/** Reads talks, speakers and events from PostgreSQL, the source of truth. */
public final class TalkRepository {

    private static final String SUMMARY_COLUMNS = """
            SELECT t.id, t.slug, t.title, t.recorded, t.duration_seconds, t.language, t.thumbnail_url,
                   e.slug AS event_slug, e.title AS event_title,
                   COALESCE(sp.slugs, '{}') AS speaker_slugs, COALESCE(sp.names, '{}') AS speaker_names,
                   COALESCE(tg.keys, '{}') AS tag_keys, COALESCE(tg.names, '{}') AS tag_names
              FROM talk t
              JOIN event e ON e.id = t.event_id
              LEFT JOIN LATERAL (
                   SELECT array_agg(s.slug ORDER BY ts.position) AS slugs,
                          array_agg(s.name ORDER BY ts.position) AS names
                     FROM talk_speaker ts JOIN speaker s ON s.id = ts.speaker_id
                    WHERE ts.talk_id = t.id) sp ON true
              LEFT JOIN LATERAL (
                   SELECT array_agg(g.name ORDER BY g.display_name) AS keys,
                          array_agg(g.display_name ORDER BY g.display_name) AS names
                     FROM talk_tag tt JOIN tag g ON g.id = tt.tag_id
                    WHERE tt.talk_id = t.id) tg ON true
            """;
    private static final String SUMMARIES_BY_ID = SUMMARY_COLUMNS + " WHERE t.id = ANY(?)";
    private static final String DETAIL_BY_SLUGS = """
            SELECT t.id, t.description, t.summary, t.copyright
              FROM talk t JOIN event e ON e.id = t.event_id
             WHERE e.slug = ? AND t.slug = ?
            """;
    private static final String DETAIL_BY_ID = "SELECT t.id, t.description, t.summary, t.copyright FROM talk t WHERE t.id = ?";
    private static final String VIDEOS = "SELECT type, url FROM video_source WHERE talk_id = ? ORDER BY position";
    private static final String LINKS = "SELECT url, label FROM related_link WHERE talk_id = ? ORDER BY position";
    private static final String SPEAKER = """
            SELECT s.id, s.slug, s.name, s.aliases,
                   (SELECT count(*) FROM talk_speaker ts WHERE ts.speaker_id = s.id) AS talk_count
              FROM speaker s WHERE s.slug = ?
            """;
    private static final String EVENT = """
            SELECT e.id, e.slug, e.title, e.description, e.start_date, e.end_date, e.url,
                   (SELECT count(*) FROM talk t WHERE t.event_id = e.id) AS talk_count
              FROM event e WHERE e.slug = ?
            """;

    // Names match by slug, so "lukasz lan" finds "Łukasz Langa": at the start, or at the start of a later word.
    private static final String SPEAKERS_NAMED = """
            SELECT s.id, s.slug, s.name, s.aliases, count(ts.talk_id) AS talk_count
              FROM speaker s JOIN talk_speaker ts ON ts.speaker_id = s.id
             WHERE s.slug LIKE ? ESCAPE '\\' OR s.slug LIKE ? ESCAPE '\\'
             GROUP BY s.id
             ORDER BY count(ts.talk_id) DESC, s.name
             LIMIT ?
            """;
    private static final String EVENTS_NAMED = """
            SELECT e.id, e.slug, e.title, e.description, e.start_date, e.end_date, e.url,
                   (SELECT count(*) FROM talk t WHERE t.event_id = e.id) AS talk_count
              FROM event e
             WHERE e.slug LIKE ? ESCAPE '\\' OR e.slug LIKE ? ESCAPE '\\'
                OR lower(e.title) LIKE ? ESCAPE '\\' OR lower(e.title) LIKE ? ESCAPE '\\'
             ORDER BY e.start_date DESC NULLS LAST, e.slug DESC
             LIMIT ?
            """;

    private final DataSource dataSource;

    public TalkRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The talks with these ids, in the order given, in one query. Ids that no longer exist are dropped: a talk
     * deleted since the search engine saw it is never shown.
     */
    public List<TalkSummary> summariesInOrder(List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<Long, TalkSummary> byId = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(SUMMARIES_BY_ID)) {
            ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TalkSummary summary = summary(rs);
                    byId.put(summary.id(), summary);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        List<TalkSummary> ordered = new ArrayList<>(ids.size());
        for (Long id : ids) {
            TalkSummary summary = byId.get(id);
            if (summary != null) {
                ordered.add(summary);
            }
        }
        return ordered;
    }

    public Optional<TalkDetail> talk(String eventSlug, String talkSlug) {
        return detail(DETAIL_BY_SLUGS, ps -> {
            ps.setString(1, eventSlug);
            ps.setString(2, talkSlug);
        });
    }

    public Optional<TalkDetail> talk(long id) {
        return detail(DETAIL_BY_ID, ps -> ps.setLong(1, id));
    }

    public Optional<Speaker> speaker(String slug) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SPEAKER)) {
            ps.setString(1, slug);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Speaker(rs.getLong("id"), rs.getString("slug"), rs.getString("name"),
                        strings(rs.getArray("aliases")), rs.getInt("talk_count")));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Optional<Event> event(String slug) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(EVENT)) {
            ps.setString(1, slug);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Event(rs.getLong("id"), rs.getString("slug"), rs.getString("title"),
                        RestructuredText.render(rs.getString("description")).html(), date(rs, "start_date"),
                        date(rs, "end_date"), rs.getString("url"), rs.getInt("talk_count")));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Speakers whose name starts with the typed words (or has a later word that does), busiest first. */
    public List<Speaker> speakersNamed(String typed, int limit) {
        String slug = likeEscape(Names.slug(typed));
        if (slug.isEmpty()) {
            return List.of();
        }
        List<Speaker> speakers = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SPEAKERS_NAMED)) {
            ps.setString(1, slug + "%");
            ps.setString(2, "%-" + slug + "%");
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    speakers.add(new Speaker(rs.getLong("id"), rs.getString("slug"), rs.getString("name"),
                            strings(rs.getArray("aliases")), rs.getInt("talk_count")));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return speakers;
    }

    /** Events whose slug or title starts with (or has a word starting with) the typed text, newest first. */
    public List<Event> eventsNamed(String typed, int limit) {
        String slug = likeEscape(Names.slug(typed));
        String lower = likeEscape(typed.toLowerCase(java.util.Locale.ROOT).trim());
        if (slug.isEmpty()) {
            return List.of();
        }
        List<Event> events = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(EVENTS_NAMED)) {
            ps.setString(1, slug + "%");
            ps.setString(2, "%-" + slug + "%");
            ps.setString(3, lower + "%");
            ps.setString(4, "% " + lower + "%");
            ps.setInt(5, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(new Event(rs.getLong("id"), rs.getString("slug"), rs.getString("title"), "",
                            date(rs, "start_date"), date(rs, "end_date"), rs.getString("url"),
                            rs.getInt("talk_count")));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return events;
    }

    /** User text inside LIKE: its own % and _ must match themselves. */
    private static String likeEscape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private Optional<TalkDetail> detail(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection()) {
            long id;
            String description;
            String summaryText;
            String copyright;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                binder.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    id = rs.getLong("id");
                    description = rs.getString("description");
                    summaryText = rs.getString("summary");
                    copyright = rs.getString("copyright");
                }
            }
            TalkSummary summary = summariesInOrder(List.of(id)).get(0);
            List<Video> videos = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(VIDEOS)) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        videos.add(new Video(rs.getString(1), rs.getString(2)));
                    }
                }
            }
            List<Link> links = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(LINKS)) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        links.add(new Link(rs.getString(1), rs.getString(2)));
                    }
                }
            }
            return Optional.of(new TalkDetail(summary, RestructuredText.render(description).html(), summaryText,
                    copyright, videos, links));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TalkSummary summary(ResultSet rs) throws SQLException {
        List<String> speakerSlugs = strings(rs.getArray("speaker_slugs"));
        List<String> speakerNames = strings(rs.getArray("speaker_names"));
        List<SpeakerRef> speakers = new ArrayList<>();
        for (int i = 0; i < speakerSlugs.size(); i++) {
            speakers.add(new SpeakerRef(speakerSlugs.get(i), speakerNames.get(i)));
        }
        List<String> tagKeys = strings(rs.getArray("tag_keys"));
        List<String> tagNames = strings(rs.getArray("tag_names"));
        List<TagRef> tags = new ArrayList<>();
        for (int i = 0; i < tagKeys.size(); i++) {
            tags.add(new TagRef(tagKeys.get(i), tagNames.get(i)));
        }
        return new TalkSummary(rs.getLong("id"), rs.getString("slug"), rs.getString("title"),
                new EventRef(rs.getString("event_slug"), rs.getString("event_title")), date(rs, "recorded"),
                rs.getObject("duration_seconds", Integer.class), rs.getString("language"),
                rs.getString("thumbnail_url"), speakers, tags);
    }

    private static LocalDate date(ResultSet rs, String column) throws SQLException {
        Date date = rs.getDate(column);
        return date == null ? null : date.toLocalDate();
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
