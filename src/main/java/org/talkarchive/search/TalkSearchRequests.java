package org.talkarchive.search;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.CountRequest;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.search.HighlightField;
import co.elastic.clients.elasticsearch.core.search.HighlighterEncoder;
import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.util.NamedValue;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link TalkQuery} into the Elasticsearch requests made to the talks' index, and nothing else: pure, so it
 * is tested without an engine. Each request is put together here from its parts: the words' query
 * ({@link WordsQuery}), the facets' filters and counts ({@link FacetRequests}) and spelling suggestions
 * ({@link Spelling}); here are the page itself (paging, sort, highlights, one result per talk recorded more than
 * once), downloads, counts and related talks.
 */
public final class TalkSearchRequests {

    /**
     * The fields whose highlights a hit brings: the title and description as written, marked where the words match
     * in any inflection. Marking on the stemmed sub-fields alone costs the engine about 5% less time per search than
     * combining them with the exact fields ({@code matched_fields}), and marks the same words: the stemmed
     * sub-fields hold every word the exact ones do, in its stemmed form.
     */
    public static final String HIGHLIGHTED_TITLE = "title.stemmed";
    public static final String HIGHLIGHTED_DESCRIPTION = "description.stemmed";
    /** How many characters of a description a hit's snippet shows. */
    static final int SNIPPET_SIZE = 180;
    /**
     * The aggregation counting results as shown: one per talk, however many recordings it has. Its document count
     * is every matching recording; of those, the ones with another recording ({@link #RECORDED_MORE_THAN_ONCE},
     * {@link #OTHER_RECORDINGS}) are counted by distinct {@link #DUPLICATE_KEY} ({@link #DISTINCT}): a tenth of the
     * engine's work of counting the keys of every match.
     */
    public static final String RESULTS = "results";
    public static final String OTHER_RECORDINGS = "other_recordings";
    public static final String DISTINCT = "distinct";
    public static final String DUPLICATE_KEY = "duplicate_key";
    public static final String RECORDED_MORE_THAN_ONCE = "recorded_more_than_once";
    // Below this many distinct talks the count is exact in practice; the engine's maximum (40,000 * 8 bytes).
    private static final int COUNT_PRECISION = 40_000;

    private final String alias;

    public TalkSearchRequests(String alias) {
        this.alias = alias;
    }

    /** The request body for a query as JSON: the benchmark replays it against Elasticsearch directly. */
    public String json(TalkQuery query, JsonpMapper mapper) {
        return JsonpUtils.toJsonString(search(query), mapper);
    }

    /** As {@link #json(TalkQuery, JsonpMapper)}, the facets sampled with the given probability. */
    public String json(TalkQuery query, double facetProbability, JsonpMapper mapper) {
        return JsonpUtils.toJsonString(search(query, facetProbability), mapper);
    }

    /** {@link #facets} as JSON. */
    public String facetsJson(TalkQuery query, JsonpMapper mapper) {
        return JsonpUtils.toJsonString(facets(query), mapper);
    }

    /** One page of hits, with highlights and every facet's counts. */
    public SearchRequest search(TalkQuery query) {
        return search(query, 1);
    }

    /**
     * One page of hits, with highlights and every facet's counts, those counted over a random sample of the matching
     * talks taken with the given probability ({@link FacetSampling}; 1 counts them all): see
     * {@link FacetRequests#SAMPLED}.
     */
    public SearchRequest search(TalkQuery query, double facetProbability) {
        return search(query, WordsQuery.of(query.text(), WordsQuery.Transcript.WITH_SNIPPETS), query.hasText(),
                facetProbability);
    }

    /** The same page with transcripts searched, with snippets, or not at all (the benchmark of index designs). */
    SearchRequest search(TalkQuery query, WordsQuery.Transcript transcript) {
        return search(query, WordsQuery.of(query.text(), transcript), query.hasText(), 1);
    }

    /**
     * The same page for a given set of talks instead of the query's words: the talks of a video whose link or id
     * was pasted into the search box. Filters, facets, sort and paging work as for words.
     */
    public SearchRequest searchAmong(TalkQuery query, List<Long> talkIds) {
        List<String> ids = talkIds.stream().map(String::valueOf).toList();
        return search(query, Query.of(q -> q.ids(i -> i.values(ids))), false, 1);
    }

    /**
     * Every facet's exact counts for a query, without hits: for a search whose sampled counts would be too rough,
     * as it matched fewer talks than a sample holds ({@link FacetSampling#countExactly}).
     */
    public SearchRequest facets(TalkQuery query) {
        return SearchRequest.of(s -> s.index(alias).size(0).source(src -> src.fetch(false))
                .trackTotalHits(t -> t.enabled(false))
                .query(WordsQuery.of(query.text()))
                .aggregations(FacetRequests.aggregations(query)));
    }

    /**
     * Talks recorded or uploaded more than once (same title and speakers, see the index's {@code duplicate_key})
     * are one result: the best-ranked recording (the page names the others, found in PostgreSQL). The
     * result count is a count of distinct talks ({@link #RESULTS}); facet counts still count every recording.
     */
    private SearchRequest search(TalkQuery query, Query matching, boolean highlight, double facetProbability) {
        return search(query, matching, highlight, facetProbability, (query.page() - 1) * query.perPage(),
                query.perPage(), false);
    }

    /**
     * The first {@code size} hits of the words, with highlights and every facet's counts: what hybrid search fuses
     * with the talks nearest in meaning ({@link HybridFusion}) before it cuts the page.
     */
    public SearchRequest searchTop(TalkQuery query, int size, double facetProbability) {
        return search(query, WordsQuery.of(query.text(), WordsQuery.Transcript.WITH_SNIPPETS), true, facetProbability,
                0, size, true);
    }

    /** The words' hits from a rank on, with highlights (the counts are not looked at). */
    public SearchRequest searchFrom(TalkQuery query, int from, int size) {
        return search(query, WordsQuery.of(query.text(), WordsQuery.Transcript.WITH_SNIPPETS), true, 1, from, size,
                true);
    }

    /**
     * @param namedScores each hit names the clauses it matched ({@link WordsQuery#ALL_WORDS}), as an object of
     *                    scores: the form the client reads into {@code Hit.matchedQueries()} (a plain list of names
     *                    reads as none)
     */
    private SearchRequest search(TalkQuery query, Query matching, boolean highlight, double facetProbability,
                                 int from, int size, boolean namedScores) {
        Map<FacetField, Query> selections = FacetRequests.selections(query);
        Query selected = FacetRequests.selectionFilter(selections);
        Map<String, Aggregation> facets = FacetRequests.counts(query, selections, facetProbability);
        return SearchRequest.of(s -> {
            s.index(alias)
                    .trackTotalHits(t -> t.enabled(true))
                    .source(src -> src.fetch(false))
                    .from(from)
                    .size(size)
                    .includeNamedQueriesScore(namedScores ? Boolean.TRUE : null)
                    .query(matching)
                    .collapse(c -> c.field(DUPLICATE_KEY))
                    // which hits have other recordings: only those are looked up in PostgreSQL
                    .docvalueFields(d -> d.field(RECORDED_MORE_THAN_ONCE))
                    .aggregations(RESULTS, a -> a.filter(selected)
                            .aggregations(OTHER_RECORDINGS, o -> o
                                    .filter(f -> f.term(t -> t.field(RECORDED_MORE_THAN_ONCE).value(true)))
                                    .aggregations(DISTINCT, c -> c.cardinality(cd -> cd.field(DUPLICATE_KEY)
                                            .precisionThreshold(COUNT_PRECISION)))));
            if (!selections.isEmpty()) {
                s.postFilter(selected);
            }
            s.aggregations(facets);
            if (highlight) {
                // Highlight the words as typed and in other inflections ("designing" marks "Design"), from the
                // offsets indexed on the stemmed sub-fields, where the words as typed are stemmed too. Only the
                // words: re-running the fuzzy and prefix clauses over descriptions is slow.
                String words = query.text().replace('"', ' ');
                s.highlight(h -> h.encoder(HighlighterEncoder.Html).preTags("<mark>").postTags("</mark>")
                        .highlightQuery(hq -> hq.multiMatch(m -> m.query(words)
                                .fields(HIGHLIGHTED_TITLE, HIGHLIGHTED_DESCRIPTION)))
                        .fields(NamedValue.of(HIGHLIGHTED_TITLE, HighlightField.of(f -> f.numberOfFragments(0))),
                                NamedValue.of(HIGHLIGHTED_DESCRIPTION, HighlightField.of(f -> f
                                        .fragmentSize(SNIPPET_SIZE).numberOfFragments(1)
                                        .noMatchSize(SNIPPET_SIZE)))));
            }
            sort(s, query);
            return s;
        });
    }

    /** One batch of a download: every matching talk in the query's order, resumed after the previous batch. */
    public SearchRequest exportBatch(TalkQuery query, int batchSize, List<FieldValue> searchAfter) {
        Query filters = FacetRequests.selectionFilter(query);
        Query text = WordsQuery.of(query.text());
        return SearchRequest.of(s -> {
            s.index(alias).size(batchSize).source(src -> src.fetch(false))
                    .trackTotalHits(t -> t.enabled(false))
                    .query(q -> q.bool(b -> b.must(text).filter(filters)));
            sort(s, query);
            if (searchAfter != null) {
                s.searchAfter(searchAfter);
            }
            return s;
        });
    }

    /** Spelling suggestions for the words of a search that found nothing ({@link Spelling}). */
    public SearchRequest spelling(String text) {
        return Spelling.request(alias, text);
    }

    /** How many talks a query finds, without hits or counts per facet. */
    public CountRequest count(TalkQuery query) {
        Query filters = FacetRequests.selectionFilter(query);
        Query text = WordsQuery.of(query.text());
        return CountRequest.of(c -> c.index(alias).query(q -> q.bool(b -> b.must(text).filter(filters))));
    }

    /** Talks like this one: shared words in title, description, tags and speakers. */
    public SearchRequest related(long talkId, int size) {
        return SearchRequest.of(s -> s.index(alias).size(size)
                .source(src -> src.fetch(false))
                .query(q -> q.moreLikeThis(m -> m
                        .fields("title", "description", "tags", "speakers")
                        .like(l -> l.document(d -> d.index(alias).id(Long.toString(talkId))))
                        .minTermFreq(1).minDocFreq(2).maxQueryTerms(25))));
    }

    /**
     * Talks sharing this one's words that the query's selections allow, one recording per talk, the talk and its other
     * recordings left out, with each facet's counts: "More like this" for a talk without a vector yet.
     */
    public SearchRequest like(long talkId, String duplicateKey, TalkQuery query, int size) {
        return SearchRequest.of(s -> s.index(alias).size(size)
                .source(src -> src.fetch(false))
                .query(q -> q.bool(b -> b
                        .must(m -> m.moreLikeThis(mlt -> mlt
                                .fields("title", "description", "tags", "speakers")
                                .like(l -> l.document(d -> d.index(alias).id(Long.toString(talkId))))
                                .minTermFreq(1).minDocFreq(2).maxQueryTerms(25)))
                        .filter(FacetRequests.selectionFilter(query))
                        .mustNot(n -> n.term(t -> t.field(DUPLICATE_KEY).value(duplicateKey)))))
                .collapse(c -> c.field(DUPLICATE_KEY))
                .docvalueFields(d -> d.field(RECORDED_MORE_THAN_ONCE))
                .highlight(MeaningRequests.OPENING)
                .aggregations(FacetRequests.aggregations(query)));
    }

    /** Every sort ends on the id, so the order is total and search_after can resume from any hit. */
    private static void sort(SearchRequest.Builder s, TalkQuery query) {
        switch (effectiveSort(query)) {
            case NEWEST -> s.sort(o -> o.field(f -> f.field("recorded").order(SortOrder.Desc).missing("_last")))
                    .sort(o -> o.field(f -> f.field("id").order(SortOrder.Desc)));
            case OLDEST -> s.sort(o -> o.field(f -> f.field("recorded").order(SortOrder.Asc).missing("_last")))
                    .sort(o -> o.field(f -> f.field("id").order(SortOrder.Asc)));
            case RELEVANCE -> s.sort(o -> o.score(sc -> sc.order(SortOrder.Desc)))
                    .sort(o -> o.field(f -> f.field("recorded").order(SortOrder.Desc).missing("_last")))
                    .sort(o -> o.field(f -> f.field("id").order(SortOrder.Desc)));
        }
    }

    /** Without words there is nothing to rank by relevance: newest first then. */
    static TalkQuery.Sort effectiveSort(TalkQuery query) {
        return query.sort() == TalkQuery.Sort.RELEVANCE && !query.hasText() ? TalkQuery.Sort.NEWEST : query.sort();
    }
}
