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
import org.jdbi.v3.core.statement.Query;
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

    /** The columns of a matching talk that a facet's values ({@link FacetField#fallbackValues}) may read. */
    static final List<String> TALK_COLUMNS = List.of("id", "event_id", "language", "recorded");

    // One statement per page. The parameters come in as one row (p), so each is bound once and used by name below;
    // the matching talks (matched) are found once, since a CTE used more than once is computed once, and the
    // page of hits, the total and every facet's counts are read from them. Each facet filters and counts by its
    // values (v) for a talk (t), as FacetField gives them; its selected values come in as selected_<param>.
    private static final String SEARCH = """
            WITH p AS (
                SELECT :text::text AS text, :yearFrom::int AS year_from, :yearTo::int AS year_to{selected}
            ), q AS (
                SELECT p.*, websearch_to_tsquery('english', p.text) AS words,
                       websearch_to_tsquery('simple', p.text) AS names
                  FROM p
            ), matched AS (
                SELECT t.{talkColumns}, ts_rank_cd(t.search_text, q.words) AS rank
                  FROM talk t CROSS JOIN q
                 WHERE NOT t.hidden
                   AND (q.text = '' OR t.search_text @@ q.words
                        OR t.id IN (SELECT ts.talk_id FROM talk_speaker ts JOIN speaker s ON s.id = ts.speaker_id
                                     WHERE to_tsvector('simple', s.name) @@ q.names)){filters}
                   AND (q.year_from IS NULL OR extract(year FROM t.recorded) >= q.year_from)
                   AND (q.year_to IS NULL OR extract(year FROM t.recorded) <= q.year_to)
            ), hits AS (
                SELECT id, row_number() OVER (ORDER BY {order}) AS position FROM matched
                 ORDER BY position LIMIT :limit OFFSET :offset
            )
            SELECT 'hit' AS facet, id::text AS value, NULL AS label, position AS n FROM hits
            UNION ALL
            SELECT 'total', NULL, NULL, count(*) FROM matched{counts}
            """
            .replace("{talkColumns}", String.join(", t.", TALK_COLUMNS))
            .replace("{selected}", each(", :selected_{param}::text[] AS selected_{param}"))
            .replace("{filters}", each("\n       AND (cardinality(q.selected_{param}) = 0"
                    + "\n            OR EXISTS (SELECT 1 FROM ({values}) v(value, label)"
                    + " WHERE v.value = ANY(q.selected_{param})))"))
            .replace("{counts}", each("\nUNION ALL"
                    + "\nSELECT '{param}', v.value, v.label, count(*)"
                    + " FROM matched t CROSS JOIN LATERAL ({values}) v(value, label) GROUP BY v.value, v.label"));
    private static final Map<TalkQuery.Sort, String> BY_SORT = new EnumMap<>(Map.of(
            TalkQuery.Sort.RELEVANCE, SEARCH.replace("{order}", "rank DESC, recorded DESC NULLS LAST, id DESC"),
            TalkQuery.Sort.NEWEST, SEARCH.replace("{order}", "recorded DESC NULLS LAST, id DESC"),
            TalkQuery.Sort.OLDEST, SEARCH.replace("{order}", "recorded ASC NULLS LAST, id ASC")));

    /** The SQL of every facet in turn, its parameter and values put in. */
    private static String each(String sql) {
        StringBuilder all = new StringBuilder();
        for (FacetField facet : FacetField.values()) {
            all.append(sql.replace("{param}", facet.param()).replace("{values}", facet.fallbackValues()));
        }
        return all.toString();
    }

    /** The statement for a sort (the facets' counts are the same for every sort). */
    static String sql(TalkQuery.Sort sort) {
        return BY_SORT.get(sort);
    }

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
            rows = readPool.withHandle(h -> {
                Query statement = h.createQuery(sql(sort))
                        .bind("text", query.hasText() ? query.text() : "")
                        .bind("yearFrom", query.yearFrom())
                        .bind("yearTo", query.yearTo())
                        .bind("limit", query.perPage())
                        .bind("offset", (query.page() - 1) * query.perPage());
                for (FacetField facet : FacetField.values()) {
                    statement.bindArray("selected_" + facet.param(), String.class, query.selected(facet));
                }
                return statement.map((rs, ctx) -> new Row(rs.getString("facet"), rs.getString("value"),
                        rs.getString("label"), rs.getLong("n"))).list();
            });
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
