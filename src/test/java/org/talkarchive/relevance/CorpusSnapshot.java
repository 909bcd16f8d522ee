package org.talkarchive.relevance;

import java.sql.Array;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The corpus as imported into PostgreSQL, read once for the query generator: every talk with its event and
 * speakers, in a fixed order (event slug, talk slug) that does not depend on the database's ids.
 */
record CorpusSnapshot(List<Talk> talks) {

    /** @param duplicateKey the talk this is a recording of (talk_projection.duplicate_key) */
    record Talk(long id, String path, String title, String description, String language, long eventId,
                String eventTitle, List<String> speakerSlugs, List<String> speakerNames, String duplicateKey) {
    }

    /** The duplicate key of each recording, by id: what {@link Scores} counts as one talk. */
    Map<Long, String> duplicateKeys() {
        Map<Long, String> keys = new HashMap<>();
        talks.forEach(t -> keys.put(t.id(), t.duplicateKey()));
        return keys;
    }

    static CorpusSnapshot load(Jdbi jdbi) {
        List<Talk> talks = jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, event_slug || '/' || slug AS path, title, coalesce(description, '') AS description,
                               coalesce(language, '') AS language, event_id, event_title, speaker_slugs, speaker_names,
                               duplicate_key
                          FROM talk_projection
                        """)
                .map((rs, ctx) -> new Talk(rs.getLong("id"), rs.getString("path"), rs.getString("title"),
                        rs.getString("description"), rs.getString("language"), rs.getLong("event_id"), rs.getString("event_title"),
                        strings(rs.getArray("speaker_slugs")), strings(rs.getArray("speaker_names")),
                        rs.getString("duplicate_key")))
                .list());
        return new CorpusSnapshot(talks.stream().sorted(Comparator.comparing(Talk::path)).toList());
    }

    private static List<String> strings(Array array) throws SQLException {
        return List.of((String[]) array.getArray());
    }
}
