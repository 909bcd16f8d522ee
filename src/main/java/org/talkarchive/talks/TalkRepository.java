package org.talkarchive.talks;

import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.talkarchive.talks.Talks.Event;
import org.talkarchive.talks.Talks.EventRef;
import org.talkarchive.talks.Talks.Link;
import org.talkarchive.talks.Talks.Speaker;
import org.talkarchive.talks.Talks.SpeakerRef;
import org.talkarchive.talks.Talks.TagRef;
import org.talkarchive.talks.Talks.TalkDetail;
import org.talkarchive.talks.Talks.TalkSummary;
import org.talkarchive.talks.Talks.Video;
import org.talkarchive.text.LikePatterns;
import org.talkarchive.text.RestructuredText;

/**
 * Reads talks, speakers and events from PostgreSQL, the source of truth. A talk is read from
 * {@code talk_projection}, the view the search documents are built from too; speakers and events are read by
 * {@link Speakers} and {@link Events}, which hold the statements on their tables.
 */
public final class TalkRepository {

    static final String SUMMARY = """
            SELECT id, slug, title, recorded, duration_seconds, language, thumbnail_url, event_slug, event_title,
                   speaker_slugs, speaker_names, tag_keys, tag_names
            """;
    private static final String SUMMARIES_BY_ID = SUMMARY + " FROM talk_projection WHERE id = ANY(:ids)";
    // The hits of a search page and, for those the engine marked as recorded more than once, their other
    // recordings (talk_other_recordings: from the stored keys), newest first; the other nine in ten are not looked
    // up. The projection is joined once, for hits and others alike: twice (a UNION of two
    // projections) took 14 ms to plan.
    private static final String SUMMARIES_WITH_RECORDINGS = """
            WITH other AS (
                SELECT h.id AS recording_of, o.id AS other_id,
                       row_number() OVER (PARTITION BY h.id ORDER BY o.recorded DESC NULLS LAST, o.id DESC) AS rank
                  FROM unnest(:recorded::bigint[]) AS h(id)
                       CROSS JOIN LATERAL talk_other_recordings(h.id) AS r(id)
                       JOIN talk o ON o.id = r.id
            ), wanted AS (
                SELECT id AS talk, NULL::bigint AS recording_of FROM unnest(:ids::bigint[]) AS id
                UNION ALL
                SELECT other_id, recording_of FROM other WHERE rank <= :max
            )
            """ + SUMMARY + """
                 , recording_of
              FROM talk_projection JOIN wanted ON talk = id
             ORDER BY recording_of NULLS FIRST, recorded DESC NULLS LAST, id DESC
            """;
    private static final String DETAIL = SUMMARY + ", description, summary, copyright FROM talk_projection";
    private static final String DETAIL_BY_SLUGS = DETAIL + " WHERE event_slug = :event AND slug = :talk";
    private static final String DETAIL_BY_ID = DETAIL + " WHERE id = :id";
    private static final String VIDEOS = """
            SELECT type, url FROM video_source WHERE talk_id = :talk ORDER BY position
            """;
    private static final String VIDEOS_OF_TALKS = """
            SELECT talk_id, type, url FROM video_source WHERE talk_id = ANY(:ids) ORDER BY talk_id, position
            """;
    private static final String DESCRIPTIONS = """
            SELECT id, description FROM talk WHERE id = ANY(:ids)
            """;
    private static final String TAG_NAME = """
            SELECT display_name FROM tag WHERE name = :key
            """;
    private static final String LINKS = """
            SELECT url, label FROM related_link WHERE talk_id = :talk ORDER BY position
            """;

    private static final String TALKS_OF_SPEAKER = SUMMARY + """
              FROM talk_projection
             WHERE id IN (SELECT talk_id FROM talk_speaker WHERE speaker_id = :speaker)
             ORDER BY recorded DESC NULLS LAST, title, id
            """;
    // Schedule order: recorded, then as imported.
    private static final String TALKS_OF_EVENT = SUMMARY + """
              FROM talk_projection
             WHERE event_id = :event
             ORDER BY recorded NULLS LAST, id
            """;

    // A URL typed or shared in other letter case: the canonical slugs, when only one talk or event fits.
    private static final String TALK_SLUGS_IGNORING_CASE = """
            SELECT e.slug AS event_slug, t.slug
              FROM talk t JOIN event e ON e.id = t.event_id
             WHERE lower(e.slug) = lower(:event) AND lower(t.slug) = lower(:talk) AND NOT t.hidden
             LIMIT 2
            """;
    // A talk hidden by curation: its address answers 410 Gone rather than 404, so a viewer learns it was withdrawn.
    private static final String HIDDEN_TALK = """
            SELECT EXISTS (SELECT 1 FROM talk t JOIN event e ON e.id = t.event_id
                            WHERE e.slug = :event AND t.slug = :talk AND t.hidden)
            """;

    // Candidates only: each URL is parsed afterwards, so an id that is merely part of another URL does not count.
    private static final String VIDEOS_CONTAINING = """
            SELECT talk_id, url FROM video_source WHERE url LIKE '%' || :id || '%' ORDER BY talk_id
            """;

    private final Jdbi readPool;
    private final Speakers speakers;
    private final Events events;

    /** @param readPool PostgreSQL for viewers' requests (short timeouts, so a page fails fast) */
    public TalkRepository(Jdbi readPool) {
        this.readPool = readPool;
        this.speakers = new Speakers(readPool);
        this.events = new Events(readPool);
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
        readPool.useHandle(h -> h.createQuery(SUMMARIES_BY_ID).bindArray("ids", Long.class, ids)
                .map((rs, ctx) -> summary(rs)).forEach(summary -> byId.put(summary.id(), summary)));
        List<TalkSummary> ordered = new ArrayList<>(ids.size());
        for (Long id : ids) {
            TalkSummary summary = byId.get(id);
            if (summary != null) {
                ordered.add(summary);
            }
        }
        return ordered;
    }

    /**
     * The talks with these ids, and for those of them {@code recordedMoreThanOnce} up to {@code maxOthers} other
     * recordings of the same talk (newest first), in one query: a search page's hits, where the engine showed one
     * recording per talk. Ids that no longer exist are missing from the answer.
     */
    public Recordings summariesWithRecordings(List<Long> ids, Collection<Long> recordedMoreThanOnce, int maxOthers) {
        if (ids.isEmpty()) {
            return new Recordings(Map.of(), Map.of());
        }
        Map<Long, TalkSummary> byId = new HashMap<>();
        Map<Long, List<TalkSummary>> others = new HashMap<>();
        readPool.useHandle(h -> h.createQuery(SUMMARIES_WITH_RECORDINGS).bindArray("ids", Long.class, ids)
                .bindArray("recorded", Long.class, recordedMoreThanOnce).bind("max", maxOthers)
                .map((rs, ctx) -> {
                    long recordingOf = rs.getLong("recording_of");
                    return Map.entry(rs.wasNull() ? 0L : recordingOf, summary(rs));
                })
                .forEach(row -> {
                    if (row.getKey() == 0L) {
                        byId.put(row.getValue().id(), row.getValue());
                    } else {
                        others.computeIfAbsent(row.getKey(), k -> new ArrayList<>()).add(row.getValue());
                    }
                }));
        return new Recordings(byId, others);
    }

    /** Talks by id, and per talk id its other recordings, newest first (no entry when there are none). */
    public record Recordings(Map<Long, TalkSummary> talks, Map<Long, List<TalkSummary>> others) {
    }

    public Optional<TalkDetail> talk(String eventSlug, String talkSlug) {
        return readPool.withHandle(h -> detail(h, h.createQuery(DETAIL_BY_SLUGS).bind("event", eventSlug)
                .bind("talk", talkSlug).map((rs, ctx) -> detailRow(rs)).findOne()));
    }

    /**
     * The canonical path of the one talk whose event and talk slugs equal these but for letter case; empty when
     * none or more than one does (slugs that differ only in case are different talks then).
     */
    public Optional<String> talkPathIgnoringCase(String eventSlug, String talkSlug) {
        List<String> paths = readPool.withHandle(h -> h.createQuery(TALK_SLUGS_IGNORING_CASE)
                .bind("event", eventSlug).bind("talk", talkSlug)
                .map((rs, ctx) -> PagePaths.talk(rs.getString("event_slug"), rs.getString("slug"))).list());
        return paths.size() == 1 ? Optional.of(paths.get(0)) : Optional.empty();
    }

    /** Whether the talk at these slugs exists but is hidden (talk.hidden, see B16__archive_schema.sql). */
    public boolean isHidden(String eventSlug, String talkSlug) {
        return readPool.withHandle(h -> h.createQuery(HIDDEN_TALK).bind("event", eventSlug).bind("talk", talkSlug)
                .mapTo(Boolean.class).one());
    }

    /** The canonical path of the one event whose slug equals this one but for letter case; see above. */
    public Optional<String> eventPathIgnoringCase(String slug) {
        List<String> slugs = events.slugsIgnoringCase(slug);
        return slugs.size() == 1 ? Optional.of(PagePaths.event(slugs.get(0))) : Optional.empty();
    }

    /** A speaker's visible talks, newest first. */
    List<TalkSummary> talksOfSpeaker(long speakerId) {
        return readPool.withHandle(h -> h.createQuery(TALKS_OF_SPEAKER).bind("speaker", speakerId)
                .map((rs, ctx) -> summary(rs)).list());
    }

    /** An event's visible talks in schedule order. */
    List<TalkSummary> talksOfEvent(long eventId) {
        return readPool.withHandle(h -> h.createQuery(TALKS_OF_EVENT).bind("event", eventId)
                .map((rs, ctx) -> summary(rs)).list());
    }

    /** The talks with a video of this id on its host (a talk may be uploaded more than once), by id. */
    public List<Long> talkIdsWithVideo(VideoIds.VideoId video) {
        record Candidate(long talkId, String url) {
        }
        List<Candidate> candidates = readPool.withHandle(h -> h.createQuery(VIDEOS_CONTAINING)
                .bind("id", LikePatterns.escape(video.id()))
                .map((rs, ctx) -> new Candidate(rs.getLong("talk_id"), rs.getString("url"))).list());
        return candidates.stream().filter(c -> VideoIds.ofUrl(c.url()).filter(video::equals).isPresent())
                .map(Candidate::talkId).distinct().toList();
    }

    /** What a download adds to a talk's summary: its videos (in the record's order) and its description as text. */
    public record DownloadDetail(List<Video> videos, String descriptionText) {
    }

    /** The download details of these talks, by id, in two queries for the whole batch. */
    public Map<Long, DownloadDetail> downloadDetails(List<Long> ids) {
        Map<Long, List<Video>> videos = new HashMap<>();
        Map<Long, DownloadDetail> details = new HashMap<>();
        readPool.useHandle(h -> {
            h.createQuery(VIDEOS_OF_TALKS).bindArray("ids", Long.class, ids).map((rs, ctx) -> {
                videos.computeIfAbsent(rs.getLong("talk_id"), k -> new ArrayList<>())
                        .add(new Video(rs.getString("type"), rs.getString("url")));
                return 0;
            }).list();
            h.createQuery(DESCRIPTIONS).bindArray("ids", Long.class, ids).map((rs, ctx) -> {
                long id = rs.getLong("id");
                details.put(id, new DownloadDetail(videos.getOrDefault(id, List.of()),
                        RestructuredText.text(rs.getString("description"))));
                return 0;
            }).list();
        });
        return details;
    }

    public Optional<TalkDetail> talk(long id) {
        return readPool.withHandle(h -> detail(h, h.createQuery(DETAIL_BY_ID).bind("id", id)
                .map((rs, ctx) -> detailRow(rs)).findOne()));
    }

    public Optional<Speaker> speaker(String slug) {
        return speakers.bySlug(slug);
    }

    /** A tag's display name, by its key. */
    public Optional<String> tagName(String key) {
        return readPool.withHandle(h -> h.createQuery(TAG_NAME).bind("key", key).mapTo(String.class).findOne());
    }

    /**
     * Where an address that names no speaker should lead: the speaker in lower case (slugs are lower case by
     * construction), or the person a folded spelling belongs to; empty when neither.
     */
    public Optional<String> canonicalSpeakerSlug(String slug) {
        String lower = slug.toLowerCase(Locale.ROOT);
        return speaker(lower).map(Speaker::slug).or(() -> speakers.slugOfAlias(lower));
    }

    public Optional<Event> event(String slug) {
        return events.bySlug(slug);
    }

    /** Speakers whose name starts with the typed words (or has a later word that does), busiest first. */
    public List<Speaker> speakersNamed(String typed, int limit) {
        return speakers.named(typed, limit);
    }

    /** Events whose slug or title starts with (or has a word starting with) the typed text, newest first. */
    public List<Event> eventsNamed(String typed, int limit) {
        return events.named(typed, limit);
    }

    /** A talk's projection row, with what only its own page shows. */
    private record DetailRow(TalkSummary summary, String description, String summaryText, String copyright) {
    }

    private static DetailRow detailRow(ResultSet rs) throws SQLException {
        return new DetailRow(summary(rs), rs.getString("description"), rs.getString("summary"),
                rs.getString("copyright"));
    }

    private static Optional<TalkDetail> detail(Handle h, Optional<DetailRow> found) {
        return found.map(row -> {
            long id = row.summary().id();
            List<Video> videos = h.createQuery(VIDEOS).bind("talk", id)
                    .map((rs, ctx) -> new Video(rs.getString("type"), rs.getString("url"))).list();
            List<Link> links = h.createQuery(LINKS).bind("talk", id)
                    .map((rs, ctx) -> new Link(rs.getString("url"), rs.getString("label"))).list();
            RestructuredText.Rendered description = RestructuredText.render(row.description());
            return new TalkDetail(row.summary(), description.html(), description.text(), row.summaryText(),
                    row.copyright(), videos, links);
        });
    }

    static TalkSummary summary(ResultSet rs) throws SQLException {
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

    static LocalDate date(ResultSet rs, String column) throws SQLException {
        Date date = rs.getDate(column);
        return date == null ? null : date.toLocalDate();
    }

    static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
