package org.talkarchive.relevance;

import java.sql.Array;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The corpus as imported into PostgreSQL, read once for the query generator: every talk with its event and
 * speakers, in a fixed order (event slug, talk slug) that does not depend on the database's ids.
 */
record CorpusSnapshot(List<Talk> talks) {

    record Talk(long id, String path, String title, String description, String language, long eventId,
                String eventTitle, List<String> speakerSlugs, List<String> speakerNames) {
    }

    static CorpusSnapshot load(Jdbi jdbi) {
        List<Talk> talks = jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, event_slug || '/' || slug AS path, title, coalesce(description, '') AS description,
                               coalesce(language, '') AS language, event_id, event_title, speaker_slugs, speaker_names
                          FROM talk_projection
                        """)
                .map((rs, ctx) -> new Talk(rs.getLong("id"), rs.getString("path"), rs.getString("title"),
                        rs.getString("description"), rs.getString("language"), rs.getLong("event_id"), rs.getString("event_title"),
                        strings(rs.getArray("speaker_slugs")), strings(rs.getArray("speaker_names"))))
                .list());
        return new CorpusSnapshot(talks.stream().sorted(Comparator.comparing(Talk::path)).toList());
    }

    private static List<String> strings(Array array) throws SQLException {
        return List.of((String[]) array.getArray());
    }
}
