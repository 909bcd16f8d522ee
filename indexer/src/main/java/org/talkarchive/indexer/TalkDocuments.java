package org.talkarchive.indexer;

import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.talkarchive.text.RestructuredText;

/**
 * Builds search documents from PostgreSQL's {@code talk_projection} (the view the pages read too, so a document
 * lists speakers and tags in the order the pages show them): a page of talks by id, or every talk as a stream. Each
 * document carries its stored vector for search by meaning, if there is one yet ({@link TalkVectors}).
 */
public final class TalkDocuments {

    private final TalkVectors vectors;

    public TalkDocuments(TalkVectors vectors) {
        this.vectors = vectors;
    }

    public TalkVectors vectors() {
        return vectors;
    }

    private static final String COLUMNS = """
            SELECT id, slug, title, description, recorded, duration_seconds, language,
                   event_slug, event_title, event_start_date, speaker_names, speaker_slugs, speaker_aliases,
                   tag_keys, tag_names, duplicate_key,
                   EXISTS (SELECT 1 FROM talk_other_recordings(id)) AS recorded_more_than_once
              FROM talk_projection
            """;
    private static final String BY_IDS = COLUMNS + " WHERE id = ANY(:ids)";
    private static final String ALL_BY_ID = COLUMNS + " ORDER BY id";
    private static final String COUNT_ALL = """
            SELECT count(*) FROM talk_projection
            """;
    private static final int STREAM_FETCH_SIZE = 1000;
    // The transcripts' cues go into the document as nested documents (see search/talks-index.json). Loaded for a
    // batch of talks at a time, beside the projection, which stays one row per talk.
    private static final String CUES = """
            SELECT talk_id, start_ms, text FROM transcript_cue WHERE talk_id = ANY(:ids) ORDER BY talk_id, position
            """;
    // While streaming every talk, documents wait in batches of this many for their cues: one query a batch.
    private static final int CUE_BATCH = 200;

    /**
     * The documents of those talks that exist, by id, to be published; a missing id means the talk is gone. Talks
     * without a vector are queued for one in the same transaction.
     */
    public Map<Long, TalkDocument> load(Handle h, Collection<Long> ids) {
        return vectors.attach(h, loadWithoutVectors(h, ids), true);
    }

    /** As {@link #load}, queueing nothing: for reading what would be published. */
    public Map<Long, TalkDocument> loadWithoutQueueing(Handle h, Collection<Long> ids) {
        return vectors.attach(h, loadWithoutVectors(h, ids), false);
    }

    /**
     * The talks' documents without their transcripts' cues, each with its stored vector if it has one, queueing
     * nothing: what a vector is computed from, and the vector, without reading every cue of a transcript.
     */
    public Map<Long, TalkDocument> loadForVectors(Handle h, Collection<Long> ids) {
        return vectors.attach(h, projections(h, ids), false);
    }

    private Map<Long, TalkDocument> loadWithoutVectors(Handle h, Collection<Long> ids) {
        Map<Long, TalkDocument> documents = projections(h, ids);
        Map<Long, List<TalkDocument.Cue>> cues = cues(h, documents.keySet());
        documents.replaceAll((id, document) -> document.withCues(cues.getOrDefault(id, List.of())));
        return documents;
    }

    /** The talks' rows of the projection as documents, without cues or vectors. */
    private static Map<Long, TalkDocument> projections(Handle h, Collection<Long> ids) {
        Map<Long, TalkDocument> documents = new HashMap<>();
        if (!ids.isEmpty()) {
            h.createQuery(BY_IDS).bindArray("ids", Long.class, ids).map((rs, ctx) -> document(rs))
                    .forEach(document -> documents.put(document.id(), document));
        }
        return documents;
    }

    private static Map<Long, List<TalkDocument.Cue>> cues(Handle h, Collection<Long> ids) {
        Map<Long, List<TalkDocument.Cue>> cues = new HashMap<>();
        if (ids.isEmpty()) {
            return cues;
        }
        h.createQuery(CUES).bindArray("ids", Long.class, ids).setFetchSize(STREAM_FETCH_SIZE)
                .map((rs, ctx) -> Map.entry(rs.getLong("talk_id"),
                        new TalkDocument.Cue(rs.getInt("start_ms") / 1000, rs.getString("text"))))
                .forEach(e -> cues.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return cues;
    }

    /**
     * Streams every talk in id order; run it inside a transaction (not autocommit), so the driver fetches in pages
     * instead of reading every row into memory first.
     */
    /** How many documents {@link #streamAll} would stream in the same transaction. */
    public long countAll(Handle h) {
        return h.createQuery(COUNT_ALL).mapTo(Long.class).one();
    }

    public long streamAll(Handle h, Consumer<TalkDocument> sink) {
        List<TalkDocument> batch = new ArrayList<>(CUE_BATCH);
        long count = h.createQuery(ALL_BY_ID).setFetchSize(STREAM_FETCH_SIZE).map((rs, ctx) -> document(rs))
                .forEachWithCount(document -> {
                    batch.add(document);
                    if (batch.size() == CUE_BATCH) {
                        withCues(h, batch, sink);
                    }
                });
        withCues(h, batch, sink);
        return count;
    }

    /**
     * Hands the batch's documents, with their cues and vectors, to the sink, and empties the batch. Nothing is
     * queued (the stream reads a read-only snapshot): a document without a vector says so itself.
     */
    private void withCues(Handle h, List<TalkDocument> batch, Consumer<TalkDocument> sink) {
        Map<Long, List<TalkDocument.Cue>> cues = cues(h, batch.stream().map(TalkDocument::id).toList());
        Map<Long, TalkDocument> complete = new java.util.LinkedHashMap<>();
        batch.forEach(d -> complete.put(d.id(), d.withCues(cues.getOrDefault(d.id(), List.of()))));
        vectors.attach(h, complete, false).values().forEach(sink);
        batch.clear();
    }

    private static TalkDocument document(ResultSet rs) throws SQLException {
        String title = rs.getString("title");
        List<String> speakers = strings(rs.getArray("speaker_names"));
        List<String> speakerSlugs = strings(rs.getArray("speaker_slugs"));
        List<String> tagKeys = strings(rs.getArray("tag_keys"));
        List<String> tagNames = strings(rs.getArray("tag_names"));
        Date recorded = rs.getDate("recorded");
        Date eventStart = rs.getDate("event_start_date");
        Integer year = recorded != null ? Integer.valueOf(recorded.toLocalDate().getYear())
                : eventStart != null ? Integer.valueOf(eventStart.toLocalDate().getYear()) : null;
        String eventSlug = rs.getString("event_slug");
        String eventTitle = rs.getString("event_title");
        Integer duration = rs.getObject("duration_seconds", Integer.class);
        String description = RestructuredText.text(rs.getString("description"));
        String language = rs.getString("language");
        return new TalkDocument(
                rs.getLong("id"), rs.getString("slug"), title, description,
                speakers, strings(rs.getArray("speaker_aliases")), speakerSlugs, zipFacet(speakerSlugs, speakers),
                tagNames, tagKeys, zipFacet(tagKeys, tagNames),
                eventSlug, eventTitle, TalkDocument.facetValue(eventSlug, eventTitle),
                language, year, recorded == null ? null : recorded.toLocalDate().toString(),
                duration, rs.getString("duplicate_key"), rs.getBoolean("recorded_more_than_once"),
                TalkDocument.WITHOUT_TRANSCRIPT, null, TalkDocument.nativeText(language, title, description),
                null, null);
    }

    private static List<String> zipFacet(List<String> keys, List<String> labels) {
        List<String> values = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            values.add(TalkDocument.facetValue(keys.get(i), labels.get(i)));
        }
        return values;
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
