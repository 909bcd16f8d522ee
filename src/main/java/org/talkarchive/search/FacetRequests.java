package org.talkarchive.search;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.util.NamedValue;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The facets' part of a search request: the viewer's selections as filters, and each facet's counts as an
 * aggregation. {@link FacetReader} reads the counts back.
 *
 * <p>Facets are multi-select: values of one facet combine with OR, facets with AND. The selections filter the
 * hits through {@code post_filter}; each facet's counts come from an aggregation filtered by every selection
 * except its own, so picking "2019" still shows how many talks 2018 would add.
 */
public final class FacetRequests {

    /**
     * The aggregation holding the facets' counts when they are estimated from a sample ({@link FacetSampling}): the
     * engine scales the sample's counts up to the whole. A fixed seed draws the same sample for the same search, so
     * paging through results does not change the counts.
     */
    public static final String SAMPLED = "sampled";
    private static final int SAMPLE_SEED = 42;

    private FacetRequests() {
    }

    /**
     * The facets' counts for a request: every facet's aggregation, or with a {@code probability} below 1 the same
     * aggregations over a random sample, under {@link #SAMPLED}.
     */
    static Map<String, Aggregation> counts(TalkQuery query, Map<FacetField, Query> selections, double probability) {
        Map<String, Aggregation> facets = aggregations(query, selections);
        if (probability >= 1) {
            return facets;
        }
        return Map.of(SAMPLED, Aggregation.of(a -> a
                .randomSampler(r -> r.probability(probability).seed(SAMPLE_SEED))
                .aggregations(facets)));
    }

    /**
     * Each facet's counts, by its parameter name: the matching talks filtered by every selection but the facet's own,
     * counted by value ("values").
     */
    static Map<String, Aggregation> aggregations(TalkQuery query) {
        return aggregations(query, selections(query));
    }

    static Map<String, Aggregation> aggregations(TalkQuery query, Map<FacetField, Query> selections) {
        Map<String, Aggregation> facets = new LinkedHashMap<>();
        for (FacetField facet : FacetField.values()) {
            List<Query> others = new ArrayList<>();
            selections.forEach((f, q) -> {
                if (f != facet) {
                    others.add(q);
                }
            });
            facets.put(facet.param(), Aggregation.of(a -> a
                    .filter(all(others))
                    .aggregations("values", v -> v.terms(t -> {
                        t.field(facet.bucketField()).size(query.facetSize(facet));
                        if (facet.ordersByValue()) {
                            t.order(NamedValue.of("_key", SortOrder.Asc));
                        }
                        return t;
                    }))));
        }
        return facets;
    }

    /** Every selection of the query as one filter (match all without any). */
    static Query selectionFilter(TalkQuery query) {
        return selectionFilter(selections(query));
    }

    /** The {@link #selections} as one filter (match all without any). */
    static Query selectionFilter(Map<FacetField, Query> selections) {
        return all(new ArrayList<>(selections.values()));
    }

    /** Each facet's selection as a filter; the year range belongs to the year facet. */
    static Map<FacetField, Query> selections(TalkQuery query) {
        Map<FacetField, Query> selections = new EnumMap<>(FacetField.class);
        query.filters().forEach((facet, values) -> {
            List<FieldValue> terms = values.stream()
                    .map(v -> facet.numeric() ? FieldValue.of(Long.parseLong(v)) : FieldValue.of(v)).toList();
            selections.put(facet, Query.of(q -> q.terms(t -> t.field(facet.filterField()).terms(v -> v.value(terms)))));
        });
        if (query.yearFrom() != null || query.yearTo() != null) {
            Query range = Query.of(q -> q.range(r -> r.number(n -> {
                n.field(FacetField.YEAR.filterField());
                if (query.yearFrom() != null) {
                    n.gte(query.yearFrom().doubleValue());
                }
                if (query.yearTo() != null) {
                    n.lte(query.yearTo().doubleValue());
                }
                return n;
            })));
            selections.merge(FacetField.YEAR, range, (years, r) -> all(List.of(years, r)));
        }
        return selections;
    }

    private static Query all(List<Query> filters) {
        if (filters.isEmpty()) {
            return Query.of(q -> q.matchAll(m -> m));
        }
        return filters.size() == 1 ? filters.get(0) : Query.of(q -> q.bool(b -> b.filter(filters)));
    }
}
