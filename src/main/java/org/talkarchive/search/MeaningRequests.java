package org.talkarchive.search;

import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.search.Highlight;
import co.elastic.clients.elasticsearch.core.search.HighlightField;
import co.elastic.clients.elasticsearch.core.search.HighlighterEncoder;
import co.elastic.clients.util.NamedValue;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Elasticsearch requests that find talks by meaning: the nearest neighbours of a vector among the talks' vectors
 * ({@code embedding}, HNSW), filtered by the query's selections before the search, so filters apply to meaning as to
 * words. Pure, like {@link TalkSearchRequests}: tested as JSON without an engine.
 */
public final class MeaningRequests {

    static final String FIELD = "embedding";
    /**
     * Below this cosine similarity a talk is not "about" the query: gibberish and unrelated topics score 0.0-0.15
     * against talks with this model, paraphrases of a talk 0.25-0.5 (see docs/search.md).
     */
    public static final float MIN_SIMILARITY = 0.2f;
    /** Candidates per shard for each talk wanted: more finds the true nearest more surely, at more cost. */
    public static final int CANDIDATES_PER_RESULT = 4;

    /**
     * The opening of each talk's description, as its snippet: no word of the search need be in a talk found by
     * meaning, so there is nothing to mark, but a viewer still reads what it is about.
     */
    static final Highlight OPENING = Highlight.of(h -> h.encoder(HighlighterEncoder.Html)
            .fields(NamedValue.of(TalkSearchRequests.HIGHLIGHTED_DESCRIPTION, HighlightField.of(f -> f
                    .numberOfFragments(1).noMatchSize(TalkSearchRequests.SNIPPET_SIZE)))));

    private final String alias;

    public MeaningRequests(String alias) {
        this.alias = alias;
    }

    /**
     * The {@code k} talks nearest the vector that the query's selections allow, one recording per talk. With
     * {@code facets}, each facet's counts over those talks: the hybrid search always asks for them (they cost little
     * over {@code k} talks), so a search whose words found nothing has its facets without a second request. Without,
     * the kNN request alone, as the benchmarks time it.
     */
    public SearchRequest nearest(TalkQuery query, float[] vector, int k, boolean facets) {
        return nearest(query, vector, k, k * CANDIDATES_PER_RESULT, facets);
    }

    /** The same with {@code candidates} per shard instead of the archive's choice: what the kNN benchmark varies. */
    public SearchRequest nearest(TalkQuery query, float[] vector, int k, int candidates, boolean facets) {
        Query filter = FacetRequests.selectionFilter(query);
        return SearchRequest.of(s -> {
            s.index(alias).size(k).source(src -> src.fetch(false))
                    .knn(n -> n.field(FIELD).queryVector(floats(vector)).k(k).numCandidates(candidates)
                            .similarity(MIN_SIMILARITY).filter(filter))
                    .collapse(c -> c.field(TalkSearchRequests.DUPLICATE_KEY))
                    .docvalueFields(d -> d.field(TalkSearchRequests.RECORDED_MORE_THAN_ONCE))
                    .highlight(OPENING);
            if (facets) {
                s.aggregations(FacetRequests.aggregations(query));
            }
            return s;
        });
    }

    /**
     * The {@code k} talks nearest a talk's vector that the query's selections allow, the talk itself and its other
     * recordings left out, one recording per talk, with each facet's counts over them: "More like this".
     */
    public SearchRequest like(TalkQuery query, float[] vector, String duplicateKey, int k) {
        Query filter = Query.of(f -> f.bool(b -> b.filter(FacetRequests.selectionFilter(query))
                .mustNot(m -> m.term(t -> t.field(TalkSearchRequests.DUPLICATE_KEY).value(duplicateKey)))));
        return SearchRequest.of(s -> s.index(alias).size(k).source(src -> src.fetch(false))
                .knn(n -> n.field(FIELD).queryVector(floats(vector)).k(k).numCandidates(k * CANDIDATES_PER_RESULT)
                        .filter(filter))
                .collapse(c -> c.field(TalkSearchRequests.DUPLICATE_KEY))
                .docvalueFields(d -> d.field(TalkSearchRequests.RECORDED_MORE_THAN_ONCE))
                .highlight(OPENING)
                .aggregations(FacetRequests.aggregations(query)));
    }

    /** Talks nearest this talk's vector, the talk itself and its other recordings left out. */
    public SearchRequest related(float[] vector, String duplicateKey, int size) {
        return SearchRequest.of(s -> s.index(alias).size(size).source(src -> src.fetch(false))
                .knn(n -> n.field(FIELD).queryVector(floats(vector)).k(size).numCandidates(size * 10)
                        .filter(f -> f.bool(b -> b.mustNot(m -> m.term(t -> t
                                .field(TalkSearchRequests.DUPLICATE_KEY).value(duplicateKey))))))
                .collapse(c -> c.field(TalkSearchRequests.DUPLICATE_KEY)));
    }

    private static List<Float> floats(float[] vector) {
        List<Float> values = new ArrayList<>(vector.length);
        for (float v : vector) {
            values.add(v);
        }
        return values;
    }
}
