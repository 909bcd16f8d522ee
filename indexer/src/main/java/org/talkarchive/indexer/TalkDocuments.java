package org.talkarchive.indexer;

import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.talkarchive.text.Names;
import org.talkarchive.text.RestructuredText;

/** Builds search documents from PostgreSQL: a page of talks by id, or every talk as a stream. */
public final class TalkDocuments {

    private static final String SELECT_DOCUMENTS = """
            SELECT t.id, t.slug, t.title, t.description, t.recorded, t.duration_seconds, t.language,
                   e.slug AS event_slug, e.title AS event_title, e.start_date AS event_start,
                   COALESCE(sp.names, '{}') AS speaker_names, COALESCE(sp.slugs, '{}') AS speaker_slugs,
                   COALESCE(tg.keys, '{}') AS tag_keys, COALESCE(tg.names, '{}') AS tag_names
              FROM talk t
              JOIN event e ON e.id = t.event_id
              LEFT JOIN LATERAL (
                   SELECT array_agg(s.name ORDER BY ts.position) AS names,
                          array_agg(s.slug ORDER BY ts.position) AS slugs
                     FROM talk_speaker ts JOIN speaker s ON s.id = ts.speaker_id
                    WHERE ts.talk_id = t.id) sp ON true
              LEFT JOIN LATERAL (
                   SELECT array_agg(g.name ORDER BY g.name) AS keys,
                          array_agg(g.display_name ORDER BY g.name) AS names
                     FROM talk_tag tt JOIN tag g ON g.id = tt.tag_id
                    WHERE tt.talk_id = t.id) tg ON true
            """;
    private static final String BY_IDS = SELECT_DOCUMENTS + " WHERE t.id = ANY(?)";
    private static final String ALL_BY_ID = SELECT_DOCUMENTS + " ORDER BY t.id";

    /** The documents of those talks that exist, by id; a missing id means the talk is gone. */
    public Map<Long, TalkDocument> load(Connection c, Collection<Long> ids) throws SQLException {
        Map<Long, TalkDocument> documents = new HashMap<>();
        if (ids.isEmpty()) {
            return documents;
        }
        try (PreparedStatement ps = c.prepareStatement(BY_IDS)) {
            ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    TalkDocument document = document(rs);
                    documents.put(document.id(), document);
                }
            }
        }
        return documents;
    }

    /** Streams every talk in id order; run it inside a transaction so the driver fetches in pages. */
    public long streamAll(Connection c, Consumer<TalkDocument> sink) throws SQLException {
        long count = 0;
        try (PreparedStatement ps = c.prepareStatement(ALL_BY_ID)) {
            ps.setFetchSize(1000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(document(rs));
                    count++;
                }
            }
        }
        return count;
    }

    private static TalkDocument document(ResultSet rs) throws SQLException {
        String title = rs.getString("title");
        List<String> speakers = strings(rs.getArray("speaker_names"));
        List<String> speakerSlugs = strings(rs.getArray("speaker_slugs"));
        List<String> tagKeys = strings(rs.getArray("tag_keys"));
        List<String> tagNames = strings(rs.getArray("tag_names"));
        Date recorded = rs.getDate("recorded");
        Date eventStart = rs.getDate("event_start");
        Integer year = recorded != null ? Integer.valueOf(recorded.toLocalDate().getYear())
                : eventStart != null ? Integer.valueOf(eventStart.toLocalDate().getYear()) : null;
        String eventSlug = rs.getString("event_slug");
        String eventTitle = rs.getString("event_title");
        Integer duration = rs.getObject("duration_seconds", Integer.class);
        String titleFolded = foldedIfDifferent(title);
        return new TalkDocument(
                rs.getLong("id"), rs.getString("slug"), title, titleFolded,
                RestructuredText.render(rs.getString("description")).text(),
                speakers, foldedList(speakers), speakerSlugs, zipFacet(speakerSlugs, speakers),
                tagNames, tagKeys, zipFacet(tagKeys, tagNames),
                eventSlug, eventTitle, TalkDocument.facetValue(eventSlug, eventTitle),
                rs.getString("language"), year, recorded == null ? null : recorded.toLocalDate().toString(),
                duration);
    }

    /** An accent-free copy, only where it differs, so "lukasz" finds "Łukasz" on any Elasticsearch. */
    private static String foldedIfDifferent(String text) {
        String folded = Names.fold(text);
        return folded.equals(text.toLowerCase(Locale.ROOT)) ? null : folded;
    }

    private static List<String> foldedList(List<String> values) {
        List<String> folded = values.stream().map(TalkDocuments::foldedIfDifferent)
                .filter(java.util.Objects::nonNull).toList();
        return folded.isEmpty() ? null : folded;
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
