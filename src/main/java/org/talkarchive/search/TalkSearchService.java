package org.talkarchive.search;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch.core.CountRequest;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.talkarchive.talks.StartTime;
import org.talkarchive.talks.TalkRepository;
import org.talkarchive.talks.VideoIds;
import org.talkarchive.talks.Talks.TalkSummary;
import org.talkarchive.text.RestructuredText;

/**
 * Searches talks: Elasticsearch ranks, filters and counts ({@link TalkSearchRequests}, {@link FacetReader});
 * PostgreSQL supplies what is shown, in the engine's order. While the engine cannot answer, PostgreSQL searches too
 * ({@link PostgresFallbackSearch}). On a large archive, a broad search's facet counts are estimated from a sample
 * ({@link FacetSampling}).
 */
public final class TalkSearchService {

    /** How many other recordings of a talk a hit names. */
    static final int MAX_ALSO = 5;

    private final TalkSearchRequests requests;
    private final SearchEngineGuard engine;
    private final TalkRepository talks;
    private final PostgresFallbackSearch fallback;
    private final FacetSampling sampling;
    private final Jdbi readPool;
    private final Meaning meaning;
    private final MeaningRequests meaningRequests;
    private final QueryVectors queryVectors;
    private final QueryUnderstanding understanding;
    /** How many talks the index holds, as last asked (see {@link #facetProbability}); null before the first time. */
    private volatile IndexSize indexSize;

    private record IndexSize(long talks, long askedAt) {
    }

    /** How long the index's size is taken as known: sampling cares for its order of magnitude only. */
    static final Duration INDEX_SIZE_KEPT = Duration.ofMinutes(1);

    /**
     * @param readPool PostgreSQL for the fallback search
     * @param sampling when facet counts of a broad search are estimated instead of counted
     * @param meaning  search by meaning: the model, and how its results join the words'
     */
    public TalkSearchService(TalkSearchRequests requests, MeaningRequests meaningRequests, SearchEngineGuard engine,
                             TalkRepository talks, Jdbi readPool, FacetSampling sampling, Meaning meaning,
                             QueryUnderstanding understanding) {
        this.requests = requests;
        this.meaningRequests = meaningRequests;
        this.engine = engine;
        this.talks = talks;
        this.fallback = new PostgresFallbackSearch(readPool, talks);
        this.readPool = readPool;
        this.sampling = sampling;
        this.meaning = meaning;
        this.queryVectors = new QueryVectors(meaning.embedder());
        this.understanding = understanding;
    }

    /** The same service fusing by another rule: the relevance evaluation compares them on one archive. */
    public TalkSearchService withRule(HybridFusion.Rule rule) {
        return withRule(rule, Meaning.DEFAULT_WEIGHT, Meaning.DEFAULT_QUESTION_WEIGHT);
    }

    /**
     * The same service fusing by another rule, meaning's ranks weighing {@code weight}, and {@code forQuestions} for
     * a query asked as a question.
     */
    public TalkSearchService withRule(HybridFusion.Rule rule, double weight, double forQuestions) {
        return new TalkSearchService(requests, meaningRequests, engine, talks, readPool, sampling,
                meaning.withRule(rule, weight, forQuestions), understanding);
    }

    /**
     * As {@link #search}, the search box read as people type in it ({@link QueryUnderstanding}): words naming an
     * event or a speaker become that filter, the rest are the words searched. If that finds nothing, the words as
     * typed are searched instead.
     */
    public SearchPage searchUnderstood(TalkQuery query) {
        var understood = understanding.understand(query);
        if (understood.isPresent()) {
            SearchPage page = search(understood.get().query());
            if (page.total() > 0) {
                return page.withUnderstood(new SearchPage.Understood(query.text(), understood.get().taken()));
            }
        }
        return search(query);
    }

    /** Searches with Elasticsearch; while it cannot answer, with PostgreSQL (the page says it is degraded). */
    public SearchPage search(TalkQuery query) {
        if (query.isLike()) {
            return like(query);
        }
        List<Long> pasted = pastedVideo(query);
        if (pasted.isEmpty() && meaning.joins(query)) {
            return hybrid(query);
        }
        long started = System.nanoTime();
        SearchResponse<Void> response;
        Map<String, Aggregate> facetCounts;
        boolean estimated;
        try {
            double probability = pasted.isEmpty() ? facetProbability() : 1;
            response = engine.search(pasted.isEmpty() ? requests.search(query, probability)
                    : requests.searchAmong(query, pasted));
            FacetCounts counts = facetCounts(query, response, probability);
            facetCounts = counts.aggregates();
            estimated = counts.estimated();
        } catch (SearchUnavailableException e) {
            return fallback.search(query, TalkSearchRequests.effectiveSort(query));
        }
        List<Hit<Void>> hits = response.hits().hits();
        long looked = System.nanoTime();
        List<SearchPage.Hit> page = hydrate(hits, id -> false);
        long hydratedAt = System.nanoTime();
        long total = distinctTalks(response);
        return new SearchPage(query, total, page, FacetReader.facets(query, facetCounts), estimated,
                response.took(), new SearchPage.Timings(looked - started, hydratedAt - looked), false, null);
    }

    /** A search's facet counts, and whether they were estimated from a sample ({@link FacetSampling}). */
    private record FacetCounts(Map<String, Aggregate> aggregates, boolean estimated) {
    }

    /**
     * The facet counts of a search's response. Facets count what the words match, before the selections filter the
     * hits: how many that is, a sample says. A sample of few says little: those are counted exactly, in a second
     * request.
     */
    private FacetCounts facetCounts(TalkQuery query, SearchResponse<Void> response, double probability) {
        if (probability >= 1) {
            return new FacetCounts(response.aggregations(), false);
        }
        FacetReader.Sample sample = FacetReader.sample(response, engine.mapper());
        boolean estimated = !sampling.countExactly(sample.talks(), probability);
        return new FacetCounts(estimated ? sample.facets() : engine.search(requests.facets(query)).aggregations(),
                estimated);
    }

    /** How many of the first results hybrid search fuses: the words' first hits and the nearest talks, as many each. */
    public static final int FUSION_WINDOW = 30;
    /** How long meaning may take beyond the words' request; past it the search goes on with its words alone. */
    static final Duration MEANING_PATIENCE = Duration.ofSeconds(1);

    /**
     * Words and meaning: the words' first {@link #FUSION_WINDOW} hits and the {@link #FUSION_WINDOW} talks nearest
     * the query's vector (with the same filters) fused into one list ({@link HybridFusion}), followed by the words'
     * further hits. The total counts the words' talks plus those found by meaning alone among the fused; the facets
     * count the words' talks, or, when the words found nothing, the talks found by meaning.
     */
    private SearchPage hybrid(TalkQuery query) {
        long started = System.nanoTime();
        String text = query.text().replace('"', ' ');
        // the nearest talks are looked for (the query embedded, then the kNN request) while the words' request runs;
        // their facet counts come along (over at most FUSION_WINDOW talks, cheap) for when the words find nothing
        var nearest = queryVectors.with(text,
                vector -> engine.search(meaningRequests.nearest(query, vector, FUSION_WINDOW, true)));
        SearchResponse<Void> words;
        Map<String, Aggregate> facetCounts;
        boolean estimated;
        SearchResponse<Void> near = null;
        long wordsTotal;
        try {
            double probability = facetProbability();
            words = engine.search(requests.searchTop(query, FUSION_WINDOW, probability));
            FacetCounts counts = facetCounts(query, words, probability);
            facetCounts = counts.aggregates();
            estimated = counts.estimated();
            wordsTotal = distinctTalks(words);
            near = orNull(nearest);
            if (near != null && wordsTotal == 0) {
                facetCounts = near.aggregations(); // nothing but meaning to count: the nearest talks' facets
            }
        } catch (SearchUnavailableException e) {
            return fallback.search(query, TalkSearchRequests.effectiveSort(query));
        }
        List<Hit<Void>> wordHits = words.hits().hits();
        List<Hit<Void>> nearHits = near == null ? List.of() : near.hits().hits();
        // one talk recorded twice may come back as one recording from the words and another from meaning
        Map<String, Long> byKey = new java.util.HashMap<>();
        wordHits.forEach(h -> byKey.putIfAbsent(duplicateKey(h), Long.parseLong(h.id())));
        List<Long> nearIds = new ArrayList<>();
        for (Hit<Void> h : nearHits) {
            long id = byKey.computeIfAbsent(duplicateKey(h), k -> Long.parseLong(h.id()));
            if (!nearIds.contains(id)) {
                nearIds.add(id);
            }
        }
        List<HybridFusion.Fused> fused = HybridFusion.fuse(meaning.rule(), wordHits.stream()
                .map(h -> new HybridFusion.WordHit(Long.parseLong(h.id()),
                        WordsQuery.matchedAllWords(h.matchedQueries().keySet()))).toList(), nearIds,
                meaning.weightFor(text));
        long byMeaningAlone = fused.stream().filter(f -> f.found() == HybridFusion.Found.MEANING).count();
        long tookMillis = words.took() + (near == null ? 0 : near.took());

        // this page's slice of fused ++ the words' hits past the window
        int start = (query.page() - 1) * query.perPage();
        int end = start + query.perPage();
        List<Long> pageIds = new ArrayList<>();
        Map<Long, HybridFusion.Found> found = new java.util.HashMap<>();
        Map<Long, Hit<Void>> hitById = new java.util.HashMap<>();
        nearHits.forEach(h -> hitById.put(Long.parseLong(h.id()), h));
        wordHits.forEach(h -> hitById.put(Long.parseLong(h.id()), h));
        for (int i = start; i < Math.min(end, fused.size()); i++) {
            pageIds.add(fused.get(i).talkId());
            found.put(fused.get(i).talkId(), fused.get(i).found());
        }
        if (end > fused.size() && wordHits.size() == FUSION_WINDOW) {
            int from = (int) (Math.max(start, fused.size()) - byMeaningAlone);
            try {
                SearchResponse<Void> further = engine.search(requests.searchFrom(query, from,
                        end - Math.max(start, fused.size())));
                tookMillis += further.took();
                for (Hit<Void> h : further.hits().hits()) {
                    long id = Long.parseLong(h.id());
                    pageIds.add(id);
                    found.put(id, HybridFusion.Found.WORDS);
                    hitById.put(id, h);
                }
            } catch (SearchUnavailableException e) {
                return fallback.search(query, TalkSearchRequests.effectiveSort(query));
            }
        }
        List<Hit<Void>> pageHits = pageIds.stream().map(hitById::get).toList();
        long looked = System.nanoTime();
        List<SearchPage.Hit> page = hydrate(pageHits, id -> found.get(id) == HybridFusion.Found.MEANING);
        long hydratedAt = System.nanoTime();
        return new SearchPage(query, wordsTotal + byMeaningAlone, page, FacetReader.facets(query, facetCounts),
                estimated, tookMillis, new SearchPage.Timings(looked - started, hydratedAt - looked), false, null);
    }

    /**
     * "More like this": the {@link #FUSION_WINDOW} talks nearest the liked talk's vector that the selections allow, its
     * other recordings left out, the facets counted over them; while it has no vector yet (or search by meaning is
     * off), those sharing its words. Without the engine, PostgreSQL searches the liked talk's title.
     *
     * @throws InvalidParameterException when no talk has the path {@code like}
     */
    private SearchPage like(TalkQuery query) {
        long started = System.nanoTime();
        TalkSummary liked = liked(query);
        SearchResponse<Void> response;
        try {
            response = engine.search(likeRequest(query, liked));
        } catch (SearchUnavailableException e) {
            return fallback.search(query.withText(liked.title()), TalkQuery.Sort.RELEVANCE);
        }
        List<Hit<Void>> all = response.hits().hits();
        int from = Math.min(all.size(), (query.page() - 1) * query.perPage());
        List<Hit<Void>> hits = all.subList(from, Math.min(all.size(), from + query.perPage()));
        long looked = System.nanoTime();
        List<SearchPage.Hit> page = hydrate(hits, id -> false);
        long hydratedAt = System.nanoTime();
        return new SearchPage(query, all.size(), page, FacetReader.facets(query, response.aggregations()), false,
                response.took(), new SearchPage.Timings(looked - started, hydratedAt - looked), false, null)
                .withLike(liked);
    }

    /** The talk whose like is searched; a 400 when there is none at that path. */
    private TalkSummary liked(TalkQuery query) {
        String[] path = query.like().split("/", 2);
        return talks.talk(path[0], path[1]).map(org.talkarchive.talks.Talks.TalkDetail::summary)
                .orElseThrow(() -> new InvalidParameterException("like", "no talk is at /talks/" + query.like()));
    }

    /** By the liked talk's vector, or by its words while it has none (or search by meaning is off). */
    private SearchRequest likeRequest(TalkQuery query, TalkSummary liked) {
        Meaning.TalkVector own = meaning.talkVector().apply(liked.id()).orElseThrow(() ->
                new InvalidParameterException("like", "no talk is at /talks/" + query.like()));
        return meaning.used() && own.computed()
                ? meaningRequests.like(query, own.vector(), own.duplicateKey(), FUSION_WINDOW)
                : requests.like(liked.id(), own.duplicateKey(), query, FUSION_WINDOW);
    }

    /**
     * What meaning found, or null when the model or the kNN request failed, or took more than
     * {@link #MEANING_PATIENCE} beyond the words' request: the words answer alone then.
     */
    private static <T> T orNull(java.util.concurrent.CompletableFuture<T> meaning) {
        try {
            return meaning.get(MEANING_PATIENCE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return null;
        }
    }

    /** The key a hit shares with the other recordings of its talk (collapsed hits carry it). */
    private static String duplicateKey(Hit<Void> hit) {
        var values = hit.fields().get(TalkSearchRequests.DUPLICATE_KEY);
        return values == null ? "id:" + hit.id() : values.toJson().asJsonArray().getString(0);
    }

    /**
     * The hits as the page shows them, in the engine's order: one query for their talks and the other recordings of
     * the marked ones (the engine showed one per talk); a talk deleted since it was indexed is never shown.
     */
    private List<SearchPage.Hit> hydrate(List<Hit<Void>> hits, java.util.function.LongPredicate byMeaningAlone) {
        TalkRepository.Recordings hydrated = talks.summariesWithRecordings(talkIds(hits), recordedMoreThanOnce(hits),
                MAX_ALSO);
        List<SearchPage.Hit> page = new ArrayList<>();
        for (Hit<Void> hit : hits) {
            TalkSummary talk = hydrated.talks().get(Long.parseLong(hit.id()));
            if (talk != null) {
                page.add(hit(hit, talk, hydrated, byMeaningAlone.test(talk.id())));
            }
        }
        return page;
    }

    /**
     * A hit as the page shows it: its highlights (none for a hit found by meaning alone, which is marked so), its
     * other recordings and its transcript's matching cues.
     */
    private static SearchPage.Hit hit(Hit<Void> hit, TalkSummary talk, TalkRepository.Recordings hydrated,
                                      boolean byMeaningAlone) {
        List<String> title = hit.highlight().getOrDefault(TalkSearchRequests.HIGHLIGHTED_TITLE, List.of());
        List<String> snippet = hit.highlight().getOrDefault(TalkSearchRequests.HIGHLIGHTED_DESCRIPTION, List.of());
        return new SearchPage.Hit(talk, title.isEmpty() ? RestructuredText.escape(talk.title()) : title.get(0),
                snippet.isEmpty() ? "" : snippet.get(0), hydrated.others().getOrDefault(talk.id(), List.of()),
                transcriptSnippets(hit, talk.path()), byMeaningAlone);
    }

    /**
     * With what probability this search's facets are sampled ({@link FacetSampling}), from the index's size, asked
     * of the engine at most once every {@link #INDEX_SIZE_KEPT}. Not knowing it, every talk is counted.
     */
    private double facetProbability() {
        if (sampling.sampleSize() == 0) {
            return 1;
        }
        IndexSize known = indexSize;
        long now = System.nanoTime();
        if (known == null || now - known.askedAt() > INDEX_SIZE_KEPT.toNanos()) {
            try {
                known = new IndexSize(engine.count(requests.count(TalkQuery.all())), now);
            } catch (SearchUnavailableException e) {
                known = new IndexSize(0, now); // the search that follows fails too, or finds the engine back
            }
            indexSize = known;
        }
        return sampling.probability(known.talks());
    }

    /**
     * The page with ways forward if it found nothing for words (did-you-mean, the count without filters): one or
     * two more engine requests, so the pages ask for it and API clients only when they want it.
     */
    public SearchPage withHelpIfEmpty(SearchPage page) {
        TalkQuery query = page.query();
        boolean helps = page.total() == 0 && !page.degraded() && query.hasText()
                && VideoIds.ofSearchText(query.text()).isEmpty();
        return helps ? page.withHelp(zeroResults(query)) : page;
    }

    /**
     * For a search that found nothing: the words as the archive spells them, and the count without the filters.
     * Best effort: without the engine there is no help, and the empty page is still answered.
     */
    private SearchPage.ZeroResults zeroResults(TalkQuery query) {
        try {
            SearchRequest spelling = requests.spelling(query.text());
            String respelled = Spelling.respelled(query.text(),
                    engine.search(spelling));
            Long withoutFilters = null;
            if (query.hasFilters()) {
                CountRequest count = requests.count(query.withoutFilters());
                withoutFilters = engine.count(count);
            }
            return respelled == null && withoutFilters == null ? null
                    : new SearchPage.ZeroResults(respelled, withoutFilters);
        } catch (SearchUnavailableException e) {
            return null;
        }
    }

    /** The talks of the video whose link or id the search text is, if it is one of ours; otherwise none. */
    private List<Long> pastedVideo(TalkQuery query) {
        return VideoIds.ofSearchText(query.text()).map(talks::talkIdsWithVideo).orElse(List.of());
    }

    /**
     * Talks like this one, hydrated: nearest in meaning, its other recordings left out; while it has no vector yet,
     * those sharing its words (title, description, tags, speakers). None without the engine.
     */
    public List<TalkSummary> related(long talkId, int size) {
        List<Long> ids;
        try {
            var own = meaning.used() ? meaning.talkVector().apply(talkId).filter(Meaning.TalkVector::computed)
                    : java.util.Optional.<Meaning.TalkVector>empty();
            SearchRequest request = own.isPresent()
                    ? meaningRequests.related(own.get().vector(), own.get().duplicateKey(), size)
                    : requests.related(talkId, size);
            ids = talkIds(engine.search(request).hits().hits());
        } catch (SearchUnavailableException e) {
            return List.of(); // a talk page without related talks beats no talk page
        }
        return talks.summariesInOrder(ids);
    }

    /**
     * Every talk the query matches, in its order, handed over in hydrated batches: for CSV and JSON downloads. Pages
     * through the engine with search_after, so there is no 10,000-result window.
     *
     * @return how many talks were handed over
     */
    public long export(TalkQuery query, int batchSize, Consumer<List<TalkSummary>> sink) {
        if (query.isLike()) {
            List<TalkSummary> like = talks.summariesInOrder(talkIds(engine.search(likeRequest(query, liked(query)))
                    .hits().hits()));
            sink.accept(like);
            return like.size();
        }
        List<FieldValue> after = null;
        long exported = 0;
        while (true) {
            SearchRequest request = requests.exportBatch(query, batchSize, after);
            SearchResponse<Void> response = engine.search(request);
            List<Hit<Void>> hits = response.hits().hits();
            if (hits.isEmpty()) {
                return exported;
            }
            List<TalkSummary> batch = talks.summariesInOrder(talkIds(hits));
            sink.accept(batch);
            exported += batch.size();
            if (hits.size() < batchSize) {
                return exported;
            }
            after = hits.get(hits.size() - 1).sort();
        }
    }

    /**
     * The cues of a hit's transcript that matched ({@link WordsQuery#MAX_SNIPPETS} at most, inner hits of
     * the nested query), in the order they were said, each with the address that plays the talk from there.
     */
    static List<SearchPage.TranscriptSnippet> transcriptSnippets(Hit<Void> hit, String talkPath) {
        var inner = hit.innerHits().get(WordsQuery.CUES);
        if (inner == null) {
            return List.of();
        }
        List<SearchPage.TranscriptSnippet> snippets = new ArrayList<>();
        for (var cue : inner.hits().hits()) {
            if (cue.source() == null) {
                continue;
            }
            var source = cue.source().toJson().asJsonObject();
            int start = source.getInt("start", 0);
            List<String> marked = cue.highlight().getOrDefault(WordsQuery.CUE_TEXT,
                    cue.highlight().getOrDefault(WordsQuery.CUE_TEXT + ".stemmed", List.of()));
            String text = marked.isEmpty() ? RestructuredText.escape(source.getString("text", "")) : marked.get(0);
            snippets.add(new SearchPage.TranscriptSnippet(start, text, StartTime.link(talkPath, start)));
        }
        snippets.sort(java.util.Comparator.comparingInt(SearchPage.TranscriptSnippet::start));
        return List.copyOf(snippets);
    }

    /**
     * Results as shown: distinct talks, counted by the engine (every matching recording, less those with another
     * recording, plus the distinct talks among those); the hit total when the count is missing.
     */
    static long distinctTalks(SearchResponse<Void> response) {
        var results = response.aggregations().get(TalkSearchRequests.RESULTS);
        if (results != null && results.isFilter()) {
            var others = results.filter().aggregations().get(TalkSearchRequests.OTHER_RECORDINGS);
            if (others != null && others.isFilter()) {
                var distinct = others.filter().aggregations().get(TalkSearchRequests.DISTINCT);
                if (distinct != null && distinct.isCardinality()) {
                    return results.filter().docCount() - others.filter().docCount() + distinct.cardinality().value();
                }
            }
        }
        return response.hits().total() == null ? response.hits().hits().size() : response.hits().total().value();
    }

    /** The hits whose document says the talk has other recordings: their others are looked up. */
    static List<Long> recordedMoreThanOnce(List<Hit<Void>> hits) {
        return hits.stream().filter(h -> {
            var flag = h.fields().get(TalkSearchRequests.RECORDED_MORE_THAN_ONCE);
            if (flag == null) {
                return false;
            }
            var values = flag.toJson().asJsonArray(); // doc values come as an array: [true]
            return !values.isEmpty() && values.getBoolean(0);
        }).map(h -> Long.parseLong(h.id())).toList();
    }

    /** The talk ids of the engine's hits, in rank order: a document's _id is its talk's database id. */
    static List<Long> talkIds(List<Hit<Void>> hits) {
        return hits.stream().map(h -> Long.parseLong(h.id())).toList();
    }
}
