package org.talkarchive.search;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
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

    // One row of parameters, so each value is bound once and used by name below.
    private static final String MATCHED = """
            WITH p AS (
                SELECT ?::text AS text, ?::text[] AS events, ?::text[] AS speakers, ?::text[] AS tags,
                       ?::text[] AS languages, ?::int[] AS years, ?::int AS year_from, ?::int AS year_to
            ), q AS (
                SELECT p.*, websearch_to_tsquery('english', p.text) AS words,
                       websearch_to_tsquery('simple', p.text) AS names
                  FROM p
            ), matched AS (
                SELECT t.id, t.event_id, t.language, t.recorded, ts_rank_cd(t.search_text, q.words) AS rank
                  FROM talk t CROSS JOIN q
                 WHERE (q.text = '' OR t.search_text @@ q.words
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
            )
            """;
    private static final String PAGE = MATCHED + """
            SELECT id, count(*) OVER () AS total FROM matched
            """;
    private static final String FACETS = MATCHED + """
            SELECT 'year' AS facet, extract(year FROM recorded)::int::text AS value, NULL AS label, count(*) AS n
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
            """;
    private static final Map<TalkQuery.Sort, String> ORDER = Map.of(
            TalkQuery.Sort.RELEVANCE, " ORDER BY rank DESC, recorded DESC NULLS LAST, id DESC",
            TalkQuery.Sort.NEWEST, " ORDER BY recorded DESC NULLS LAST, id DESC",
            TalkQuery.Sort.OLDEST, " ORDER BY recorded ASC NULLS LAST, id ASC");

    private final DataSource dataSource;
    private final TalkRepository talks;

    PostgresFallbackSearch(DataSource dataSource, TalkRepository talks) {
        this.dataSource = dataSource;
        this.talks = talks;
    }

    SearchPage search(TalkQuery query, TalkQuery.Sort sort) {
        long started = System.nanoTime();
        List<Long> ids = new ArrayList<>();
        long total = 0;
        Map<FacetField, List<FacetValue>> counted = new EnumMap<>(FacetField.class);
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(PAGE + ORDER.get(sort) + " LIMIT ? OFFSET ?")) {
                int next = bind(c, ps, query);
                ps.setInt(next, query.perPage());
                ps.setInt(next + 1, (query.page() - 1) * query.perPage());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                        total = rs.getLong(2);
                    }
                }
            }
            if (ids.isEmpty() && query.page() > 1) {
                total = countAll(c, query);
            }
            try (PreparedStatement ps = c.prepareStatement(FACETS)) {
                bind(c, ps, query);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        FacetField facet = FacetField.byParam(rs.getString(1)).orElseThrow();
                        String value = rs.getString(2);
                        counted.computeIfAbsent(facet, f -> new ArrayList<>())
                                .add(new FacetValue(value, facet.label(value, rs.getString(3)), rs.getLong(4), false));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Search in PostgreSQL failed: " + e.getMessage(), e);
        }
        long searched = System.nanoTime();
        List<SearchPage.Hit> hits = talks.summariesInOrder(ids).stream()
                .map(t -> new SearchPage.Hit(t, RestructuredText.escape(t.title()), "")).toList();
        return new SearchPage(query, total, hits, facets(query, counted), 0,
                new SearchPage.Timings(searched - started, System.nanoTime() - searched), true);
    }

    private long countAll(Connection c, TalkQuery query) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(MATCHED + " SELECT count(*) FROM matched")) {
            bind(c, ps, query);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Binds the parameter row; returns the index of the next parameter. */
    private static int bind(Connection c, PreparedStatement ps, TalkQuery query) throws SQLException {
        ps.setString(1, query.hasText() ? query.text() : "");
        ps.setArray(2, c.createArrayOf("text", query.selected(FacetField.EVENT).toArray()));
        ps.setArray(3, c.createArrayOf("text", query.selected(FacetField.SPEAKER).toArray()));
        ps.setArray(4, c.createArrayOf("text", query.selected(FacetField.TAG).toArray()));
        ps.setArray(5, c.createArrayOf("text", query.selected(FacetField.LANGUAGE).toArray()));
        ps.setArray(6, c.createArrayOf("integer", query.selected(FacetField.YEAR).stream().map(Integer::valueOf).toArray()));
        setInteger(ps, 7, query.yearFrom());
        setInteger(ps, 8, query.yearTo());
        return 9;
    }

    private static void setInteger(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }

    private static List<Facet> facets(TalkQuery query, Map<FacetField, List<FacetValue>> counted) {
        List<Facet> facets = new ArrayList<>();
        for (FacetField facet : FacetField.values()) {
            List<String> selected = query.selected(facet);
            Comparator<FacetValue> order = facet.ordersByValue()
                    ? Comparator.comparing(v -> Integer.parseInt(v.value()))
                    : Comparator.comparingLong(FacetValue::count).reversed().thenComparing(FacetValue::label);
            Map<String, FacetValue> values = new LinkedHashMap<>();
            counted.getOrDefault(facet, List.of()).stream().sorted(order).limit(facet.size()).forEach(v ->
                    values.put(v.value(), new FacetValue(v.value(), v.label(), v.count(), selected.contains(v.value()))));
            facets.add(FacetReader.withSelected(facet, values, selected));
        }
        return facets;
    }
}
