package org.talkarchive.importer;

import org.talkarchive.text.Names;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.talkarchive.importer.CorpusRecords.Event;
import org.talkarchive.importer.CorpusRecords.Link;
import org.talkarchive.importer.CorpusRecords.Talk;
import org.talkarchive.importer.CorpusRecords.Video;
import org.talkarchive.importer.CorpusRecords.Rejection;
import org.talkarchive.importer.PyvideoCorpusReader.Corpus;
import org.talkarchive.talks.Talks;
import org.talkarchive.talks.VideoEmbeds;

/**
 * Brings the database in step with a corpus folder. Idempotent: each talk carries a hash of what it was imported
 * from, and an unchanged talk is not written at all, so a second run changes nothing (and publishes nothing).
 * Talks that vanished from an event of the corpus are removed; rejected records are left as they were.
 */
public final class ArchiveImporter {

    private static final String UPSERT_SPEAKER = """
            INSERT INTO speaker (name, slug, aliases) VALUES (?, ?, ?)
            ON CONFLICT (slug) DO UPDATE
               SET name = EXCLUDED.name,
                   aliases = ARRAY(SELECT DISTINCT a FROM unnest(speaker.aliases || EXCLUDED.aliases) AS a
                                   WHERE a <> EXCLUDED.name ORDER BY a),
                   updated_at = now()
             WHERE speaker.name <> EXCLUDED.name OR NOT speaker.aliases @> EXCLUDED.aliases
            """;
    private static final String UPSERT_TAG = """
            INSERT INTO tag (name, display_name) VALUES (?, ?)
            ON CONFLICT (name) DO UPDATE SET display_name = EXCLUDED.display_name
             WHERE tag.display_name <> EXCLUDED.display_name
            """;
    private static final String UPSERT_EVENT = """
            INSERT INTO event (slug, title, description, start_date, end_date, url) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (slug) DO UPDATE
               SET title = EXCLUDED.title, description = EXCLUDED.description, start_date = EXCLUDED.start_date,
                   end_date = EXCLUDED.end_date, url = EXCLUDED.url, updated_at = now()
             WHERE (event.title, event.description, event.start_date, event.end_date, event.url)
                   IS DISTINCT FROM
                   (EXCLUDED.title, EXCLUDED.description, EXCLUDED.start_date, EXCLUDED.end_date, EXCLUDED.url)
            """;
    private static final String SELECT_EVENT_ID = "SELECT id FROM event WHERE slug = ?";
    private static final String SELECT_EVENT_TALKS = "SELECT id, slug, source_hash FROM talk WHERE event_id = ?";
    private static final String DELETE_TALKS = "DELETE FROM talk WHERE id = ANY(?)";
    private static final String DELETE_WITHHELD = "DELETE FROM talk WHERE source_id = ANY(?)";
    private static final String INSERT_TALK = """
            INSERT INTO talk (event_id, slug, source_id, title, description, summary, recorded,
                              duration_seconds, language, thumbnail_url, copyright, quality_notes, source_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            RETURNING id
            """;
    private static final String UPDATE_TALK = """
            UPDATE talk
               SET source_id = ?, title = ?, description = ?, summary = ?, recorded = ?,
                   duration_seconds = ?, language = ?, thumbnail_url = ?, copyright = ?, quality_notes = ?,
                   source_hash = ?, updated_at = now()
             WHERE id = ?
            """;
    private static final List<String> DELETE_CHILDREN = List.of(
            "DELETE FROM talk_speaker WHERE talk_id = ANY(?)",
            "DELETE FROM talk_tag WHERE talk_id = ANY(?)",
            "DELETE FROM video_source WHERE talk_id = ANY(?)",
            "DELETE FROM related_link WHERE talk_id = ANY(?)");
    private static final String INSERT_TALK_SPEAKER =
            "INSERT INTO talk_speaker (talk_id, speaker_id, position) VALUES (?, ?, ?)";
    private static final String INSERT_TALK_TAG = "INSERT INTO talk_tag (talk_id, tag_id) VALUES (?, ?)";
    private static final String INSERT_VIDEO =
            "INSERT INTO video_source (talk_id, position, type, url, size_bytes) VALUES (?, ?, ?, ?, ?)";
    private static final String INSERT_LINK =
            "INSERT INTO related_link (talk_id, position, url, label) VALUES (?, ?, ?, ?)";
    private static final String DELETE_ORPHAN_SPEAKERS = """
            DELETE FROM speaker s WHERE NOT EXISTS (SELECT 1 FROM talk_speaker ts WHERE ts.speaker_id = s.id)
            """;
    private static final String DELETE_ORPHAN_TAGS = """
            DELETE FROM tag t WHERE NOT EXISTS (SELECT 1 FROM talk_tag tt WHERE tt.tag_id = t.id)
            """;
    // After a large import the planner's statistics are stale until autovacuum gets round to them.
    private static final String ANALYZE = "ANALYZE event, talk, speaker, talk_speaker, tag, talk_tag";
    private static final int ANALYZE_AFTER_CHANGES = 1000;

    private final DataSource dataSource;
    private final PyvideoCorpusReader reader;
    private final ObjectMapper json;

    public ArchiveImporter(DataSource dataSource, PyvideoCorpusReader reader, ObjectMapper json) {
        this.dataSource = dataSource;
        this.reader = reader;
        this.json = json;
    }

    public ImportReport importCorpus(Path root, ImportProgress progress) {
        return importCorpus(root, progress, new VideoEmbeds(Set.of()));
    }

    /** @param embeds which videos the pages embed; the importer reports those they will only link */
    public ImportReport importCorpus(Path root, ImportProgress progress, VideoEmbeds embeds) {
        long started = System.nanoTime();
        List<Rejection> downgraded = new ArrayList<>();
        Corpus corpus = vetVideos(reader.read(root, progress::filesRead), embeds, downgraded);
        Set<Integer> withheld = corpus.noPublish();
        SpellingVotes speakers = new SpellingVotes(Names::slug);
        SpellingVotes tags = new SpellingVotes(Names::tagKey);
        int talksRead = 0;
        for (Event event : corpus.events()) {
            for (Talk talk : event.talks()) {
                talksRead++;
                if (!isWithheld(talk, withheld)) {
                    talk.speakers().forEach(speakers::add);
                    talk.tags().forEach(tags::add);
                }
            }
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            Map<String, Long> speakerIds = upsertNames(c, UPSERT_SPEAKER, "speaker", "slug", speakers, true);
            Map<String, Long> tagIds = upsertNames(c, UPSERT_TAG, "tag", "name", tags, false);
            int deleted = deleteArray(c, DELETE_WITHHELD, "integer", withheld.toArray());
            Map<String, Long> eventIds = new HashMap<>();
            for (Event event : corpus.events()) {
                long eventId = upsertEvent(c, event);
                eventIds.put(event.slug(), eventId);
                deleted += deleteVanished(c, eventId, event, withheld);
            }
            c.commit(); // removals first: a talk that moved between events frees its source id before it is added

            Counts counts = new Counts();
            int done = 0;
            for (Event event : corpus.events()) {
                writeTalks(c, eventIds.get(event.slug()), event, withheld, speakerIds, tagIds, counts);
                c.commit();
                progress.eventsWritten(++done, corpus.events().size());
            }
            try (PreparedStatement orphans = c.prepareStatement(DELETE_ORPHAN_SPEAKERS);
                 PreparedStatement orphanTags = c.prepareStatement(DELETE_ORPHAN_TAGS)) {
                orphans.executeUpdate();
                orphanTags.executeUpdate();
            }
            c.commit();
            if (counts.inserted + counts.updated + deleted >= ANALYZE_AFTER_CHANGES) {
                try (PreparedStatement analyze = c.prepareStatement(ANALYZE)) {
                    analyze.execute();
                }
                c.commit();
            }
            int withheldCount = (int) corpus.events().stream().flatMap(e -> e.talks().stream())
                    .filter(t -> isWithheld(t, withheld)).count();
            return new ImportReport(corpus.events().size(), talksRead, counts.inserted, counts.updated,
                    counts.unchanged, deleted, withheldCount, corpus.rejections(), downgraded,
                    Duration.ofNanos(System.nanoTime() - started));
        } catch (SQLException e) {
            throw new IllegalStateException("Import failed: " + e.getMessage(), e);
        }
    }

    /**
     * The corpus takes pull requests from anyone, so its video URLs are checked before they are stored: one that
     * is not http(s) is dropped (a page could not even link it safely); one the pages will not embed (a host not
     * on the allowlist, a file over plain http) is kept as a link and reported.
     */
    private static Corpus vetVideos(Corpus corpus, VideoEmbeds embeds, List<Rejection> downgraded) {
        List<Event> events = new ArrayList<>();
        for (Event event : corpus.events()) {
            List<Talk> talks = new ArrayList<>();
            for (Talk talk : event.talks()) {
                List<Video> kept = new ArrayList<>();
                for (Video video : talk.videos()) {
                    if (!VideoEmbeds.isWebUrl(video.url())) {
                        downgraded.add(new Rejection(talk.file(), "video " + video.url()
                                + " dropped: not an http(s) URL"));
                        continue;
                    }
                    kept.add(video);
                    embeds.whyNotEmbedded(new Talks.Video(video.type(), video.url())).ifPresent(reason ->
                            downgraded.add(new Rejection(talk.file(), "video " + video.url()
                                    + " is linked, not embedded: " + reason)));
                }
                talks.add(kept.size() == talk.videos().size() ? talk : new Talk(talk.file(), talk.slug(),
                        talk.sourceId(), talk.title(), talk.description(), talk.summary(), talk.recorded(),
                        talk.durationSeconds(), talk.language(), talk.thumbnailUrl(), talk.copyright(),
                        talk.qualityNotes(), talk.speakers(), talk.tags(), List.copyOf(kept), talk.relatedLinks()));
            }
            events.add(new Event(event.slug(), event.title(), event.description(), event.startDate(),
                    event.endDate(), event.url(), talks, event.rejectedTalkSlugs()));
        }
        return new Corpus(events, corpus.rejections(), corpus.noPublish());
    }

    private static boolean isWithheld(Talk talk, Set<Integer> withheld) {
        return talk.sourceId() != null && withheld.contains(talk.sourceId());
    }

    private static Map<String, Long> upsertNames(Connection c, String upsert, String table, String keyColumn,
                                                 SpellingVotes votes, boolean withAliases) throws SQLException {
        List<String> keys = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(upsert)) {
            for (String key : votes.keys()) {
                keys.add(key);
                if (withAliases) {
                    ps.setString(1, votes.canonical(key));
                    ps.setString(2, key);
                    ps.setArray(3, c.createArrayOf("text", votes.aliases(key).toArray()));
                } else {
                    ps.setString(1, key);
                    ps.setString(2, votes.canonical(key));
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
        Map<String, Long> ids = new HashMap<>();
        // table and keyColumn are constants of this class, never user input.
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, " + keyColumn + " FROM " + table + " WHERE " + keyColumn + " = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("text", keys.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.put(rs.getString(2), rs.getLong(1));
                }
            }
        }
        return ids;
    }

    private static long upsertEvent(Connection c, Event event) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPSERT_EVENT)) {
            ps.setString(1, event.slug());
            ps.setString(2, event.title());
            ps.setString(3, event.description());
            setDate(ps, 4, event.startDate());
            setDate(ps, 5, event.endDate());
            ps.setString(6, event.url());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(SELECT_EVENT_ID)) {
            ps.setString(1, event.slug());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private record Existing(long id, String hash) {
    }

    private static Map<String, Existing> existingTalks(Connection c, long eventId) throws SQLException {
        Map<String, Existing> existing = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT_EVENT_TALKS)) {
            ps.setLong(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    existing.put(rs.getString(2), new Existing(rs.getLong(1), rs.getString(3)));
                }
            }
        }
        return existing;
    }

    private static int deleteVanished(Connection c, long eventId, Event event, Set<Integer> withheld)
            throws SQLException {
        Set<String> keep = new HashSet<>(event.rejectedTalkSlugs()); // a bad record loses nothing it had
        event.talks().stream().filter(t -> !isWithheld(t, withheld)).forEach(t -> keep.add(t.slug()));
        List<Long> gone = new ArrayList<>();
        existingTalks(c, eventId).forEach((slug, talk) -> {
            if (!keep.contains(slug)) {
                gone.add(talk.id());
            }
        });
        return deleteArray(c, DELETE_TALKS, "bigint", gone.toArray());
    }

    private static int deleteArray(Connection c, String sql, String type, Object[] ids) throws SQLException {
        if (ids.length == 0) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, c.createArrayOf(type, ids));
            return ps.executeUpdate();
        }
    }

    private static final class Counts {
        int inserted;
        int updated;
        int unchanged;
    }

    private void writeTalks(Connection c, long eventId, Event event, Set<Integer> withheld,
                            Map<String, Long> speakerIds, Map<String, Long> tagIds, Counts counts)
            throws SQLException {
        Map<String, Existing> existing = existingTalks(c, eventId);
        Map<Long, Talk> toLink = new HashMap<>();
        List<Long> relink = new ArrayList<>();
        try (PreparedStatement insert = c.prepareStatement(INSERT_TALK);
             PreparedStatement update = c.prepareStatement(UPDATE_TALK)) {
            for (Talk talk : event.talks()) {
                if (isWithheld(talk, withheld)) {
                    continue;
                }
                String hash = hash(talk);
                Existing current = existing.get(talk.slug());
                if (current == null) {
                    insert.setLong(1, eventId);
                    insert.setString(2, talk.slug());
                    setTalkFields(insert, 3, talk, hash);
                    try (ResultSet rs = insert.executeQuery()) {
                        rs.next();
                        toLink.put(rs.getLong(1), talk);
                    }
                    counts.inserted++;
                } else if (!hash.equals(current.hash())) {
                    int next = setTalkFields(update, 1, talk, hash);
                    update.setLong(next, current.id());
                    update.addBatch();
                    toLink.put(current.id(), talk);
                    relink.add(current.id());
                    counts.updated++;
                } else {
                    counts.unchanged++;
                }
            }
            update.executeBatch();
        }
        if (!relink.isEmpty()) {
            for (String sql : DELETE_CHILDREN) {
                deleteArray(c, sql, "bigint", relink.toArray());
            }
        }
        insertChildren(c, toLink, speakerIds, tagIds);
    }

    /** Sets source_id .. source_hash from {@code index}; returns the next free parameter index. */
    private static int setTalkFields(PreparedStatement ps, int index, Talk talk, String hash) throws SQLException {
        int i = index;
        if (talk.sourceId() == null) {
            ps.setNull(i++, Types.INTEGER);
        } else {
            ps.setInt(i++, talk.sourceId());
        }
        ps.setString(i++, talk.title());
        ps.setString(i++, talk.description());
        ps.setString(i++, talk.summary());
        setDate(ps, i++, talk.recorded());
        if (talk.durationSeconds() == null) {
            ps.setNull(i++, Types.INTEGER);
        } else {
            ps.setInt(i++, talk.durationSeconds());
        }
        ps.setString(i++, talk.language());
        ps.setString(i++, talk.thumbnailUrl());
        ps.setString(i++, talk.copyright());
        ps.setString(i++, talk.qualityNotes());
        ps.setString(i++, hash);
        return i;
    }

    private static void insertChildren(Connection c, Map<Long, Talk> talks, Map<String, Long> speakerIds,
                                       Map<String, Long> tagIds) throws SQLException {
        try (PreparedStatement speakers = c.prepareStatement(INSERT_TALK_SPEAKER);
             PreparedStatement tags = c.prepareStatement(INSERT_TALK_TAG);
             PreparedStatement videos = c.prepareStatement(INSERT_VIDEO);
             PreparedStatement links = c.prepareStatement(INSERT_LINK)) {
            for (var entry : talks.entrySet()) {
                long talkId = entry.getKey();
                Talk talk = entry.getValue();
                int position = 0;
                for (String name : talk.speakers()) {
                    speakers.setLong(1, talkId);
                    speakers.setLong(2, speakerIds.get(Names.slug(name)));
                    speakers.setInt(3, position++);
                    speakers.addBatch();
                }
                for (String tag : talk.tags()) {
                    tags.setLong(1, talkId);
                    tags.setLong(2, tagIds.get(Names.tagKey(tag)));
                    tags.addBatch();
                }
                position = 0;
                for (Video video : talk.videos()) {
                    videos.setLong(1, talkId);
                    videos.setInt(2, position++);
                    videos.setString(3, video.type());
                    videos.setString(4, video.url());
                    if (video.sizeBytes() == null) {
                        videos.setNull(5, Types.BIGINT);
                    } else {
                        videos.setLong(5, video.sizeBytes());
                    }
                    videos.addBatch();
                }
                position = 0;
                for (Link link : talk.relatedLinks()) {
                    links.setLong(1, talkId);
                    links.setInt(2, position++);
                    links.setString(3, link.url());
                    links.setString(4, link.label());
                    links.addBatch();
                }
            }
            speakers.executeBatch();
            tags.executeBatch();
            videos.executeBatch();
            links.executeBatch();
        }
    }

    private static void setDate(PreparedStatement ps, int index, LocalDate date) throws SQLException {
        if (date == null) {
            ps.setNull(index, Types.DATE);
        } else {
            ps.setDate(index, Date.valueOf(date));
        }
    }

    /** Identity of what a talk was imported from: speakers and tags by key, so a respelling alone is no change. */
    private String hash(Talk talk) {
        try {
            List<Object> content = List.of(
                    String.valueOf(talk.sourceId()), talk.title(), String.valueOf(talk.description()),
                    String.valueOf(talk.summary()), String.valueOf(talk.recorded()),
                    String.valueOf(talk.durationSeconds()), String.valueOf(talk.language()),
                    String.valueOf(talk.thumbnailUrl()), String.valueOf(talk.copyright()),
                    String.valueOf(talk.qualityNotes()),
                    talk.speakers().stream().map(Names::slug).toList(),
                    talk.tags().stream().map(Names::tagKey).toList(),
                    talk.videos(), talk.relatedLinks());
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(json.writeValueAsString(content).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
