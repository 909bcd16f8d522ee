package org.talkarchive.relevance;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * What a PostgreSQL shop would plausibly build instead of Elasticsearch, on the same imported data: full-text search
 * with {@code websearch_to_tsquery('english', q)} over title (weight A), speakers (B) and description (C), ranked
 * by {@code ts_rank_cd}; when that finds fewer than ten talks, the rest filled with pg_trgm's word similarity
 * over titles and speaker names (for typos and words the stemmer does not join). It reads a table of its own,
 * {@code baseline_talk}, built from {@code talk_projection} by {@link #install}.
 */
final class PostgresBaseline {

    static final int TOP = 10;

    private static final String INSTALL = """
            CREATE EXTENSION IF NOT EXISTS pg_trgm;
            DROP TABLE IF EXISTS baseline_talk;
            CREATE TABLE baseline_talk AS
            SELECT id, title, array_to_string(speaker_names, ', ') AS speakers,
                   setweight(to_tsvector('english', title), 'A')
                || setweight(to_tsvector('english', array_to_string(speaker_names, ' ')), 'B')
                || setweight(to_tsvector('english', coalesce(description, '')), 'C') AS document
              FROM talk_projection;
            ALTER TABLE baseline_talk ADD PRIMARY KEY (id);
            CREATE INDEX baseline_talk_document_idx ON baseline_talk USING gin (document);
            CREATE INDEX baseline_talk_title_trgm_idx ON baseline_talk USING gin (title gin_trgm_ops);
            CREATE INDEX baseline_talk_speakers_trgm_idx ON baseline_talk USING gin (speakers gin_trgm_ops);
            ANALYZE baseline_talk;
            """;

    /** Full-text search: every word (stemmed, stop words dropped) must match; ranked by cover density. */
    private static final String FULL_TEXT = """
            SELECT id
              FROM baseline_talk, websearch_to_tsquery('english', :q) AS query
             WHERE document @@ query
             ORDER BY ts_rank_cd(document, query) DESC, id
             LIMIT :limit
            """;

    /**
     * The fill: talks whose title or speaker names hold a stretch like the query (pg_trgm's {@code <%}, word
     * similarity at least {@code pg_trgm.word_similarity_threshold}, 0.6), most similar first.
     */
    private static final String TRIGRAMS = """
            SELECT id
              FROM baseline_talk
             WHERE :q <% title OR :q <% speakers
             ORDER BY greatest(word_similarity(:q, title), word_similarity(:q, speakers)) DESC,
                      similarity(:q, title) DESC, id
             LIMIT :limit
            """;

    private final Jdbi jdbi;

    private PostgresBaseline(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Creates pg_trgm, the baseline's table and its indexes (GIN over the tsvector, GIN trigram indexes). */
    static PostgresBaseline install(Jdbi jdbi) {
        jdbi.useHandle(h -> h.createScript(INSTALL).execute());
        return new PostgresBaseline(jdbi);
    }

    /** The ids of the top ten talks for a query, best first. */
    List<Long> search(String q) {
        return jdbi.withHandle(h -> {
            Set<Long> ids = new LinkedHashSet<>(h.createQuery(FULL_TEXT).bind("q", q).bind("limit", TOP)
                    .mapTo(Long.class).list());
            if (ids.size() < TOP) {
                ids.addAll(h.createQuery(TRIGRAMS).bind("q", q).bind("limit", 2 * TOP).mapTo(Long.class).list());
            }
            return new ArrayList<>(ids).subList(0, Math.min(TOP, ids.size()));
        });
    }
}
