package org.talkarchive.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.talkarchive.search.SearchPage.Facet;
import org.talkarchive.search.SearchPage.FacetValue;
import org.talkarchive.talks.TalkRepository;
import org.talkarchive.text.RestructuredText;

/**
 * Searches while Elasticsearch is unavailable: PostgreSQL full-text search (stemmed English over titles and
 * descriptions, plus speaker names), with the same filters, sorts and pages. Simpler than the engine: no typo
 * tolerance, no highlighting, and each facet's counts honour every selection, its own included.
 */
final class PostgresFallbackSearch {

    // One statement per page. The parameters come in as one row (p), so each is bound once and used by name below;
    // the matching talks (matched) are found once, since a CTE used more than once is computed once, and the
    // page of hits, the total and every facet's counts are read from them.
    private static final String SEARCH = """
            WITH p AS (
                SELECT :text::text AS text, :events::text[] AS events, :speakers::text[] AS speakers,
                       :tags::text[] AS tags, :languages::text[] AS languages, :years::int[] AS years,
                       :yearFrom::int AS year_from, :yearTo::int AS year_to, :transcript::text[] AS transcript
            ), q AS (
                SELECT p.*, websearch_to_tsquery('english', p.text) AS words,
                       websearch_to_tsquery('simple', p.text) AS names
                  FROM p
            ), matched AS (
                SELECT t.id, t.event_id, t.language, t.recorded, ts_rank_cd(t.search_text, q.words) AS rank,
                       CASE WHEN EXISTS (SELECT 1 FROM transcript tr WHERE tr.talk_id = t.id)
                            THEN 'yes' ELSE 'no' END AS has_transcript
                  FROM talk t CROSS JOIN q
                 WHERE NOT t.hidden
                   AND (q.text = '' OR t.search_text @@ q.words
                        OR t.id IN (SELECT ts.talk_id FROM talk_speaker ts JOIN speaker s ON s.id = ts.speaker_id
                                     WHERE to_tsvector('simple', s.name) @@ q.names))
                   AND (cardinality(q.events) = 0
                        OR t.event_id IN (SELECT e.id FROM event e WHERE e.slug = ANY(q.events)))
                   AND (cardinality(q.speakers) = 0
                        OR EXISTS (SELECT 1 FROM talk_speaker ts JOIN speaker s ON s.id = ts.speaker_id
                                    WHERE ts.talk_id = t.id AND s.slug = ANY(q.speakers)))
                   AND (cardinality(q.tags) = 0
                        OR EXISTS (SELECT 1 FROM talk_tag tt JOIN tag g ON g.id = tt.tag_id
                                    WHERE tt.talk_id = t.id AND g.name = ANY(q.tags)))
                   AND (cardinality(q.languages) = 0 OR t.language = ANY(q.languages))
                   AND (cardinality(q.years) = 0 OR extract(year FROM t.recorded)::int = ANY(q.years))
                   AND (q.year_from IS NULL OR extract(year FROM t.recorded) >= q.year_from)
                   AND (q.year_to IS NULL OR extract(year FROM t.recorded) <= q.year_to)
                   AND (cardinality(q.transcript) = 0
                        OR (CASE WHEN EXISTS (SELECT 1 FROM transcript tr WHERE tr.talk_id = t.id)
                                 THEN 'yes' ELSE 'no' END) = ANY(q.transcript))
            ), hits AS (
                SELECT id, row_number() OVER (ORDER BY {order}) AS position FROM matched
                 ORDER BY position LIMIT :limit OFFSET :offset
            )
            SELECT 'hit' AS facet, id::text AS value, NULL AS label, position AS n FROM hits
            UNION ALL
            SELECT 'total', NULL, NULL, count(*) FROM matched
            UNION ALL
            SELECT 'year', extract(year FROM recorded)::int::text, NULL, count(*)
              FROM matched WHERE recorded IS NOT NULL GROUP BY 2
            UNION ALL
            SELECT 'event', e.slug, e.title, count(*) FROM matched m JOIN event e ON e.id = m.event_id
             GROUP BY e.slug, e.title
            UNION ALL
            SELECT 'speaker', s.slug, s.name, count(*) FROM matched m
              JOIN talk_speaker ts ON ts.talk_id = m.id JOIN speaker s ON s.id = ts.speaker_id
             GROUP BY s.slug, s.name
            UNION ALL
            SELECT 'tag', g.name, g.display_name, count(*) FROM matched m
              JOIN talk_tag tt ON tt.talk_id = m.id JOIN tag g ON g.id = tt.tag_id
             GROUP BY g.name, g.display_name
            UNION ALL
            SELECT 'language', language, NULL, count(*) FROM matched WHERE language IS NOT NULL GROUP BY language
            UNION ALL
            SELECT 'transcript', has_transcript, NULL, count(*) FROM matched GROUP BY has_transcript
            """;
    private static final Map<TalkQuery.Sort, String> BY_SORT = new EnumMap<>(Map.of(
            TalkQuery.Sort.RELEVANCE, SEARCH.replace("{order}", "rank DESC, recorded DESC NULLS LAST, id DESC"),
            TalkQuery.Sort.NEWEST, SEARCH.replace("{order}", "recorded DESC NULLS LAST, id DESC"),
            TalkQuery.Sort.OLDEST, SEARCH.replace("{order}", "recorded ASC NULLS LAST, id ASC")));

    private final Jdbi readPool;
    private final TalkRepository talks;

    PostgresFallbackSearch(Jdbi readPool, TalkRepository talks) {
        this.readPool = readPool;
        this.talks = talks;
    }

    /** One row of the answer: a hit (value: its id, count: its position), the total, or a facet value's count. */
    private record Row(String facet, String value, String label, long count) {
    }

    SearchPage search(TalkQuery query, TalkQuery.Sort sort) {
        long started = System.nanoTime();
        List<Row> rows;
        try {
            rows = readPool.withHandle(h -> h.createQuery(BY_SORT.get(sort))
                    .bind("text", query.hasText() ? query.text() : "")
                    .bindArray("events", String.class, query.selected(FacetField.EVENT))
                    .bindArray("speakers", String.class, query.selected(FacetField.SPEAKER))
                    .bindArray("tags", String.class, query.selected(FacetField.TAG))
                    .bindArray("languages", String.class, query.selected(FacetField.LANGUAGE))
                    .bindArray("transcript", String.class, query.selected(FacetField.TRANSCRIPT))
                    .bindArray("years", Integer.class,
                            query.selected(FacetField.YEAR).stream().map(Integer::valueOf).toList())
                    .bind("yearFrom", query.yearFrom())
                    .bind("yearTo", query.yearTo())
                    .bind("limit", query.perPage())
                    .bind("offset", (query.page() - 1) * query.perPage())
                    .map((rs, ctx) -> new Row(rs.getString("facet"), rs.getString("value"), rs.getString("label"),
                            rs.getLong("n")))
                    .list());
        } catch (JdbiException e) {
            throw new IllegalStateException("Search in PostgreSQL failed: " + e.getMessage(), e);
        }
        Map<Long, Long> idsByPosition = new TreeMap<>();
        long total = 0;
        Map<FacetField, List<FacetValue>> counted = new EnumMap<>(FacetField.class);
        for (Row row : rows) {
            switch (row.facet()) {
                case "hit" -> idsByPosition.put(row.count(), Long.parseLong(row.value()));
                case "total" -> total = row.count();
                default -> {
                    FacetField facet = FacetField.byParam(row.facet()).orElseThrow();
                    counted.computeIfAbsent(facet, f -> new ArrayList<>()).add(new FacetValue(row.value(),
                            facet.label(row.value(), row.label()), row.count(), false));
                }
            }
        }
        long searched = System.nanoTime();
        List<SearchPage.Hit> hits = talks.summariesInOrder(List.copyOf(idsByPosition.values())).stream()
                .map(t -> new SearchPage.Hit(t, RestructuredText.escape(t.title()), "")).toList();
        return new SearchPage(query, total, hits, facets(query, counted), 0,
                new SearchPage.Timings(searched - started, System.nanoTime() - searched), true, null);
    }

    private static List<Facet> facets(TalkQuery query, Map<FacetField, List<FacetValue>> counted) {
        List<Facet> facets = new ArrayList<>();
        for (FacetField facet : FacetField.values()) {
            List<String> selected = query.selected(facet);
            Comparator<FacetValue> order = facet.ordersByValue()
                    ? Comparator.comparing(v -> Integer.parseInt(v.value()))
                    : Comparator.comparingLong(FacetValue::count).reversed().thenComparing(FacetValue::label);
            Map<String, FacetValue> values = new LinkedHashMap<>();
            counted.getOrDefault(facet, List.of()).stream().sorted(order).limit(query.facetSize(facet)).forEach(v ->
                    values.put(v.value(), new FacetValue(v.value(), v.label(), v.count(), selected.contains(v.value()))));
            facets.add(FacetReader.withSelected(facet, values, selected));
        }
        return facets;
    }
}
