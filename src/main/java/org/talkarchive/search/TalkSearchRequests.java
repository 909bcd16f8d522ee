package org.talkarchive.search;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.query_dsl.ChildScoreMode;
import co.elastic.clients.elasticsearch._types.query_dsl.FunctionBoostMode;
import co.elastic.clients.elasticsearch._types.query_dsl.FunctionScoreMode;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.TextQueryType;
import co.elastic.clients.elasticsearch.core.CountRequest;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch._types.SuggestMode;
import co.elastic.clients.elasticsearch.core.search.SuggestSort;
import co.elastic.clients.elasticsearch.core.search.HighlightField;
import co.elastic.clients.elasticsearch.core.search.HighlighterEncoder;
import co.elastic.clients.elasticsearch.core.search.InnerHits;
import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.util.NamedValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a {@link TalkQuery} into Elasticsearch requests, and nothing else: pure, so it is tested without an engine.
 *
 * <p>Facets are multi-select: values of one facet combine with OR, facets with AND. The selections filter the
 * hits through {@code post_filter}; each facet's counts come from an aggregation filtered by every selection
 * except its own, so picking "2019" still shows how many talks 2018 would add.
 *
 * <p>User text only ever reaches the engine inside match-family queries, never as query-string syntax.
 */
public final class TalkSearchRequests {

    private static final Pattern PHRASE = Pattern.compile("\"([^\"]+)\"");
    private static final List<String> TEXT_FIELDS = List.of("title^4", "speakers^3", "speaker_aliases^2", "tags^2",
            "event_title^1.5", "description");
    // Words in other inflections: the stemmed sub-fields. All of them, names too, so that cross_fields sees one
    // analyzer and can find one word in the title and another in the speakers.
    private static final List<String> STEMMED_FIELDS = List.of("title.stemmed^4", "speakers.stemmed^3",
            "tags.stemmed^2", "event_title.stemmed^1.5", "description.stemmed");
    private static final List<String> PREFIX_FIELDS = List.of("title^4", "speakers^3");
    // Talks in Spanish, French, Portuguese, German, Italian or Russian: title and description under their language,
    // stemmed by its light stemmer (TalkDocument.NATIVE_LANGUAGES); English talks have none.
    private static final List<String> NATIVE_FIELDS = List.of("native_text.spa", "native_text.fra",
            "native_text.por", "native_text.deu", "native_text.ita", "native_text.rus");
    // Typos are forgiven in short fields only: fuzzy expansion over every description word costs too much. Each
    // field builds its own automata per word, the costliest part of a search: so a speaker's names and aliases are
    // searched as one field (speaker_names, filled by copy_to).
    private static final List<String> FUZZY_FIELDS = List.of("title^4", "speaker_names^3", "tags^2");
    static final String SPEAKER_NAMES = "speaker_names";
    /**
     * Edits forgiven: one in a word of 4 to 9 letters, two from 10 (the engine's AUTO starts at 3 and 6). Two edits
     * build the largest automata: from 8 letters they took 6% of the engine's time per search, for two typos in one
     * word of 8 or 9 letters, which people rarely make ("kubernetes", 10, keeps them); and a 6- or 7-letter word two
     * edits away mostly spells another word. A 3-letter word one edit away matches too many.
     */
    static final String TYPOS = "AUTO:4,10";
    // Words of the query near each other in a title or description, in order or nearly: "async web frameworks"
    // ranks "Async Web Frameworks in Python" above a talk with the three words far apart.
    private static final List<String> PROXIMITY_FIELDS = List.of("title^4", "description");
    static final int PROXIMITY_SLOP = 2;
    // A year people mean (not a number of attendees): 1950 to 2039, as a word of its own.
    private static final Pattern YEAR = Pattern.compile("\\b(?:19[5-9]\\d|20[0-3]\\d)\\b");
    static final double YEAR_WEIGHT = 3.0;
    static final double SPEAKER_WEIGHT = 20.0;
    static final float TITLE_WEIGHT = 8f;
    static final Duration LONG_RECORDING = Duration.ofHours(3);
    static final double LONG_RECORDING_WEIGHT = 0.1;
    // Words that say how someone asks, not what about: "i want to learn about", "a talk on", "what is". The lenient
    // ways (most words, typos, nearby words) and the title's own clause look for the rest; the strict ways still
    // need every word as typed, so a title made of them ("How to Talk to Humans") still ranks first.
    static final Set<String> FILLER = Set.of("a", "an", "the", "i", "me", "my", "we", "you", "to", "about", "on",
            "of", "for", "in", "is", "are", "how", "what", "why", "when", "do", "does", "can", "want", "wanna",
            "learn", "tell", "show", "find", "looking", "talk", "talks", "video", "videos", "presentation",
            "presentations", "please", "some", "something", "anything");
    private static final List<String> SPELLING_FIELDS = List.of("title", "speakers", "description");
    /**
     * Up to three words must all match; of more, three in four may (a sentence with a word the talk lacks). Two of
     * three was measured: it finds a title remembered with one word spelled otherwise ("tinkoff" for
     * "Tinkoff.ru"), but ranks "PyCon India 2015" above PyCon Canada's talks for "pycon ca 2015", and lost more
     * than it found on the DjangoCon and PyCon US subset (overall MRR 0.980 → 0.972).
     */
    static final String MOST_WORDS = "3<75%";
    // Up to three words, each one token (Latin letters and digits): "most words" is every word then.
    private static final Pattern FEW_PLAIN_WORDS =
            Pattern.compile("[\\p{IsLatin}\\p{N}]+(?:\\s+[\\p{IsLatin}\\p{N}]+){0,2}");
    /**
     * The fields whose highlights a hit brings: the title and description as written, marked where the words match
     * in any inflection. Marking on the stemmed sub-fields alone costs the engine about 5% less time per search than
     * combining them with the exact fields ({@code matched_fields}), and marks the same words: the stemmed
     * sub-fields hold every word the exact ones do, in its stemmed form.
     */
    public static final String HIGHLIGHTED_TITLE = "title.stemmed";
    public static final String HIGHLIGHTED_DESCRIPTION = "description.stemmed";
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
    /**
     * The aggregation holding the facets' counts when they are estimated from a sample ({@link FacetSampling}): the
     * engine scales the sample's counts up to the whole. A fixed seed draws the same sample for the same search, so
     * paging through results does not change the counts.
     */
    public static final String SAMPLED = "sampled";
    private static final int SAMPLE_SEED = 42;

    /** The transcript's cues, nested documents of a talk: what was said, and when. */
    public static final String CUES = "cues";
    public static final String CUE_TEXT = "cues.text";
    /** A cue's last words and the next cue's first, for phrases said across the two (search only). */
    static final String CUE_BRIDGE = "cues.bridge";
    /** The next cue's first words (those of the bridge): a phrase said there alone belongs to that cue. */
    static final String CUE_NEXT = "cues.next";
    /** How many matching cues a hit shows, with their times. */
    public static final int MAX_SNIPPETS = 3;
    /**
     * What was said weighs this much against the other ways of matching, so a talk found only by its transcript
     * ranks below talks found by their title, speakers, tags, event or description: a cue's score is of the order of
     * one title word's, and a title word counts 4 × 3 in the strictest way alone. A boost rather than a
     * "matches nothing else" filter: that filter ran the whole words query a second time for every matching talk,
     * a quarter of the engine's time per search (measured against the engine, 600 queries interleaved).
     */
    static final float TRANSCRIPT_WEIGHT = 0.02f;

    /**
     * The start of the names of the clauses that match every word (as written, in other inflections, the topic's
     * words in the title, or in the talk's own language): a hit that matched one of them is found by its words, not
     * only by most of them or by typos. Hybrid search keeps such hits in the words' order ({@link HybridFusion}).
     * Each clause needs a name of its own: the engine keeps one query per name, the last.
     */
    public static final String ALL_WORDS = "all_words";

    /** Whether a hit matched every word: one of the {@link #ALL_WORDS} clauses, by the names the hit reports. */
    public static boolean matchedAllWords(java.util.Collection<String> matchedQueries) {
        return matchedQueries.stream().anyMatch(name -> name.startsWith(ALL_WORDS));
    }

    /** Whether the words are searched in transcripts too, and whether the best cues come back as snippets. */
    enum Transcript { NOT_SEARCHED, SEARCHED, WITH_SNIPPETS }

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
     * talks taken with the given probability ({@link FacetSampling}; 1 counts them all): see {@link #SAMPLED}.
     */
    public SearchRequest search(TalkQuery query, double facetProbability) {
        return search(query, textQuery(query.text(), Transcript.WITH_SNIPPETS), query.hasText(), facetProbability);
    }

    /** The same page with transcripts searched, with snippets, or not at all (the benchmark of index designs). */
    SearchRequest search(TalkQuery query, Transcript transcript) {
        return search(query, textQuery(query.text(), transcript), query.hasText(), 1);
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
        Map<FacetField, Query> selections = selections(query);
        return SearchRequest.of(s -> s.index(alias).size(0).source(src -> src.fetch(false))
                .trackTotalHits(t -> t.enabled(false))
                .query(textQuery(query.text()))
                .aggregations(facetAggregations(query, selections)));
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
        return search(query, textQuery(query.text(), Transcript.WITH_SNIPPETS), true, facetProbability, 0, size,
                true);
    }

    /** The words' hits from a rank on, with highlights (the counts are not looked at). */
    public SearchRequest searchFrom(TalkQuery query, int from, int size) {
        return search(query, textQuery(query.text(), Transcript.WITH_SNIPPETS), true, 1, from, size, true);
    }

    /**
     * @param namedScores each hit names the clauses it matched ({@link #ALL_WORDS}), as an object of scores: the
     *                    form the client reads into {@code Hit.matchedQueries()} (a plain list of names reads as none)
     */
    private SearchRequest search(TalkQuery query, Query matching, boolean highlight, double facetProbability,
                                 int from, int size, boolean namedScores) {
        Map<FacetField, Query> selections = selections(query);
        Query selected = all(new ArrayList<>(selections.values()));
        Map<String, Aggregation> facets = facetAggregations(query, selections);
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
            if (facetProbability < 1) {
                s.aggregations(SAMPLED, a -> a
                        .randomSampler(r -> r.probability(facetProbability).seed(SAMPLE_SEED))
                        .aggregations(facets));
            } else {
                s.aggregations(facets);
            }
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
                                        .fragmentSize(180).numberOfFragments(1).noMatchSize(180)))));
            }
            sort(s, query);
            return s;
        });
    }

    /**
     * Each facet's counts, by its parameter name: the matching talks filtered by every selection but the facet's own,
     * counted by value ("values").
     */
    static Map<String, Aggregation> facetAggregations(TalkQuery query) {
        return facetAggregations(query, selections(query));
    }

    private static Map<String, Aggregation> facetAggregations(TalkQuery query, Map<FacetField, Query> selections) {
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

    /** One batch of a download: every matching talk in the query's order, resumed after the previous batch. */
    public SearchRequest exportBatch(TalkQuery query, int batchSize, List<FieldValue> searchAfter) {
        Query filters = all(new ArrayList<>(selections(query).values()));
        Query text = textQuery(query.text());
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

    /**
     * Spelling suggestions for the words of a search that found nothing: for each word the archive does not have,
     * the most frequent known word within two edits (Elasticsearch's term suggester), from titles, speakers'
     * names and descriptions. See {@link #respelled}.
     */
    public SearchRequest spelling(String text) {
        String words = unquoted(text);
        return SearchRequest.of(s -> s.index(alias).size(0).source(src -> src.fetch(false))
                .suggest(sg -> {
                    sg.text(words);
                    for (String field : SPELLING_FIELDS) {
                        sg.suggesters(field, f -> f.term(t -> t.field(field).suggestMode(SuggestMode.Missing)
                                .sort(SuggestSort.Frequency).size(1).minWordLength(3)));
                    }
                    return sg;
                }));
    }

    /**
     * The words of {@code text} with each unknown word replaced by the suggestion for it (a title's word first,
     * then a name's, then a description's); null when no word was replaced.
     */
    public static String respelled(String text, SearchResponse<Void> spelling) {
        record Replacement(int length, String word) {
        }
        String words = unquoted(text);
        TreeMap<Integer, Replacement> byOffset = new TreeMap<>();
        for (int i = SPELLING_FIELDS.size() - 1; i >= 0; i--) { // the first field is put last, so it wins
            for (var entry : spelling.suggest().getOrDefault(SPELLING_FIELDS.get(i), List.of())) {
                var term = entry.term();
                if (!term.options().isEmpty()) {
                    byOffset.put(term.offset(), new Replacement(term.length(), term.options().get(0).text()));
                }
            }
        }
        if (byOffset.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (var r : byOffset.entrySet()) {
            out.append(words, at, r.getKey()).append(r.getValue().word());
            at = r.getKey() + r.getValue().length();
        }
        return out.append(words.substring(at)).toString().replaceAll("\\s+", " ").trim();
    }

    private static String unquoted(String text) {
        return PHRASE.matcher(text).replaceAll("$1").replace("\"", " ");
    }

    /** How many talks a query finds, without hits or counts per facet. */
    public CountRequest count(TalkQuery query) {
        Query filters = all(new ArrayList<>(selections(query).values()));
        Query text = textQuery(query.text());
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
                        .filter(selectionFilter(query))
                        .mustNot(n -> n.term(t -> t.field(DUPLICATE_KEY).value(duplicateKey)))))
                .collapse(c -> c.field(DUPLICATE_KEY))
                .docvalueFields(d -> d.field(RECORDED_MORE_THAN_ONCE))
                .aggregations(facetAggregations(query)));
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

    /**
     * Quoted parts must match as phrases. The other words are searched from strict to lenient, each way a should
     * clause, so a talk matching a stricter way ranks above one matching only a lenient way: all words as written
     * (accents folded) across fields (cross_fields), boosted most; all words in other inflections (stemmed
     * sub-fields: "tests" finds "testing"); most words ({@link #MOST_WORDS}) in any inflection; most words with
     * typos within a field (fuzziness); or all words with the last one a prefix, while typing. Up to three words,
     * every way needs them all. Intents weigh on the score: words naming a speaker (typos forgiven) rank that
     * speaker's talks first ({@link #SPEAKER_WEIGHT}), a year ranks talks of that year ({@link #YEAR_WEIGHT} times)
     * above talks that only mention it, and recordings of
     * {@link #LONG_RECORDING} or more (whole-day streams) weigh {@link #LONG_RECORDING_WEIGHT} of a talk.
     */
    static Query textQuery(String text) {
        return textQuery(text, Transcript.SEARCHED);
    }

    /**
     * As {@link #textQuery(String)}; what was said counts too (the transcript's cues, {@link #transcript}), below
     * everything else ({@link #TRANSCRIPT_WEIGHT}).
     */
    static Query textQuery(String text, Transcript transcript) {
        if (text == null || text.isBlank()) {
            return Query.of(q -> q.matchAll(m -> m));
        }
        List<Integer> years = new ArrayList<>();
        Matcher year = YEAR.matcher(text);
        while (year.find()) {
            years.add(Integer.valueOf(year.group()));
        }
        // "djangocon 2019": the year stays a word to find (an event's title names it), and weighs on the score
        Query matching = wordsQuery(text, transcript);
        return Query.of(q -> q.functionScore(f -> {
            f.query(matching).scoreMode(FunctionScoreMode.Multiply).boostMode(FunctionBoostMode.Multiply);

            if (!years.isEmpty()) {
                List<FieldValue> values = years.stream().map(y -> FieldValue.of(y.longValue())).toList();
                f.functions(fn -> fn.filter(fq -> fq.terms(t -> t.field(FacetField.YEAR.filterField())
                        .terms(v -> v.value(values)))).weight(YEAR_WEIGHT));
            }
            // a query that names a speaker, typo or not, is looking for that speaker's talks
            String words = YEAR.matcher(unquoted(text)).replaceAll(" ").trim();
            if (words.split("\\s+").length >= 2) {
                f.functions(fn -> fn.filter(fq -> fq.match(m -> m.field(SPEAKER_NAMES)
                        .query(words).operator(Operator.And).fuzziness(TYPOS).prefixLength(1)))
                        .weight(SPEAKER_WEIGHT));
            }
            // whole-day stream recordings match most words of an event's name; talks come first
            f.functions(fn -> fn.filter(fq -> fq.range(r -> r.number(n -> n.field("duration_seconds")
                    .gte((double) LONG_RECORDING.toSeconds())))).weight(LONG_RECORDING_WEIGHT));
            return f;
        }));
    }

    private static Query wordsQuery(String text, Transcript transcript) {
        List<Query> must = new ArrayList<>();
        String words = PHRASE.matcher(text).replaceAll(" ").replace("\"", " ").trim();
        Matcher phrases = PHRASE.matcher(text);
        boolean snippets = transcript == Transcript.WITH_SNIPPETS && words.isEmpty();
        while (phrases.find()) {
            String phrase = phrases.group(1).trim();
            if (!phrase.isEmpty()) {
                Query fields = Query.of(q -> q.multiMatch(m -> m.query(phrase).type(TextQueryType.Phrase)
                        .fields(List.of("title^4", "speakers^3", "description", "tags", "event_title"))));
                // without other words, the first phrase brings the snippets (inner hits are named by their path)
                boolean withSnippets = snippets && must.isEmpty();
                must.add(transcript == Transcript.NOT_SEARCHED ? fields : Query.of(q -> q.bool(b -> b
                        .should(fields)
                        .should(spokenPhrase(phrase, withSnippets)))));
            }
        }
        if (!words.isEmpty()) {
            String topic = withoutFiller(words);
            boolean oneStemmedQuery = sameStemmedQuery(words, topic);
            must.add(Query.of(q -> q.bool(b -> b
                    .should(s -> s.multiMatch(m -> m.query(words).type(TextQueryType.CrossFields)
                            .operator(Operator.And).fields(TEXT_FIELDS).boost(3f).queryName(ALL_WORDS + "_written")))
                    .should(allStemmed(words, oneStemmedQuery))
                    // every word in the title, in any inflection: "library tour" finds "The Standard Library
                    // Tour" above a talk with "tour" in its title and "libraries" in its description
                    .should(s -> s.match(m -> m.field("title.stemmed").query(topic).operator(Operator.And)
                            .boost(TITLE_WEIGHT).queryName(ALL_WORDS + "_in_title")))
                    .should(oneStemmedQuery ? List.of() : List.of(mostStemmed(topic)))
                    .should(s -> s.multiMatch(m -> m.query(topic).type(TextQueryType.BestFields)
                            .minimumShouldMatch(MOST_WORDS).fuzziness(TYPOS).prefixLength(1).maxExpansions(10)
                            .fields(FUZZY_FIELDS)))
                    .should(s -> s.multiMatch(m -> m.query(words).type(TextQueryType.BoolPrefix)
                            .operator(Operator.And).fields(PREFIX_FIELDS)))
                    .should(proximity(topic))
                    .should(speakerNamed(words))
                    // a talk's own language, stemmed as that language: every word, then most of them
                    .should(s -> s.multiMatch(m -> m.query(topic).type(TextQueryType.BestFields)
                            .operator(Operator.And).fields(NATIVE_FIELDS).boost(2f).queryName(ALL_WORDS + "_own_language")))
                    .should(s -> s.multiMatch(m -> m.query(topic).type(TextQueryType.BestFields)
                            .minimumShouldMatch(MOST_WORDS).fields(NATIVE_FIELDS)))
                    .should(transcript(topic, transcript))
                    .minimumShouldMatch("1"))));
        }
        return must.size() == 1 ? must.get(0) : Query.of(q -> q.bool(b -> b.must(must)));
    }

    /**
     * All words in any inflection, weighing 2; with {@link #mostStemmed}'s weight added when that is the same query
     * ({@link #sameStemmedQuery}), which is then not asked.
     */
    private static Query allStemmed(String words, boolean withMostStemmed) {
        float boost = withMostStemmed ? 3f : 2f;
        return Query.of(q -> q.multiMatch(m -> m.query(words).type(TextQueryType.CrossFields)
                .operator(Operator.And).fields(STEMMED_FIELDS).boost(boost).queryName(ALL_WORDS + "_stemmed")));
    }

    /** Most words ({@link #MOST_WORDS}) of the topic in any inflection, weighing 1. */
    private static Query mostStemmed(String topic) {
        return Query.of(q -> q.multiMatch(m -> m.query(topic).type(TextQueryType.CrossFields)
                .minimumShouldMatch(MOST_WORDS).fields(STEMMED_FIELDS)));
    }

    /**
     * Whether "all words" and "most words of the topic" are one query: no filler words, and few enough that most
     * is all. Then it runs once with both weights, which scores every talk the same (a should clause adds its
     * score) for half the work.
     */
    static boolean sameStemmedQuery(String words, String topic) {
        return topic.equals(words) && FEW_PLAIN_WORDS.matcher(words).matches();
    }

    /**
     * What was said: most words ({@link #MOST_WORDS}) in one cue, in any inflection, those as written scoring more;
     * the talk scores as its best cue. With snippets, the {@link #MAX_SNIPPETS} best cues come back as inner hits,
     * each with its start and its text highlighted.
     */
    private static List<Query> transcript(String words, Transcript transcript) {
        if (transcript == Transcript.NOT_SEARCHED) {
            return List.of();
        }
        return List.of(Query.of(q -> q.nested(n -> {
            n.path(CUES).scoreMode(ChildScoreMode.Max).boost(TRANSCRIPT_WEIGHT)
                    .query(cq -> cq.bool(b -> b
                            .must(m -> m.match(mt -> mt.field(CUE_TEXT + ".stemmed").query(words)
                                    .minimumShouldMatch(MOST_WORDS)))
                            .should(sh -> sh.match(mt -> mt.field(CUE_TEXT).query(words)))));
            if (transcript == Transcript.WITH_SNIPPETS) {
                n.innerHits(cueSnippets(null, CUE_TEXT, CUE_TEXT + ".stemmed"));
            }
            return n;
        })));
    }

    /**
     * A phrase said in one cue, or across two ({@value #CUE_BRIDGE}: a cue's last words and the next one's first,
     * unless the phrase is wholly in those first words, {@value #CUE_NEXT}; see TalkDocument.Cue); found in the cue
     * where it starts. With snippets, those cues come back as for words, the phrase's words marked in them (across
     * two cues, those said in the first).
     */
    private static Query spokenPhrase(String phrase, boolean withSnippets) {
        return Query.of(q -> q.nested(n -> {
            n.path(CUES).scoreMode(ChildScoreMode.Max).boost(TRANSCRIPT_WEIGHT)
                    .query(cq -> cq.bool(b -> b
                            .should(s -> s.matchPhrase(mp -> mp.field(CUE_TEXT).query(phrase)))
                            .should(s -> s.bool(across -> across
                                    .must(m -> m.matchPhrase(mp -> mp.field(CUE_BRIDGE).query(phrase)))
                                    .mustNot(m -> m.matchPhrase(mp -> mp.field(CUE_NEXT).query(phrase)))))));
            if (withSnippets) {
                n.innerHits(cueSnippets(Query.of(hq -> hq.match(m -> m.field(CUE_TEXT).query(phrase))), CUE_TEXT));
            }
            return n;
        }));
    }

    /**
     * The best cues of a hit as snippets: up to {@link #MAX_SNIPPETS}, each with its start and its whole text, the
     * words marked in the first of {@code fields} that has any, by {@code marking} (null: by the nested query).
     */
    private static InnerHits cueSnippets(Query marking, String... fields) {
        List<NamedValue<HighlightField>> marked = Arrays.stream(fields)
                .map(field -> NamedValue.of(field, HighlightField.of(f -> f.numberOfFragments(0)))).toList();
        return InnerHits.of(ih -> ih.size(MAX_SNIPPETS).source(src -> src.fetch(true))
                .highlight(h -> {
                    h.encoder(HighlighterEncoder.Html).preTags("<mark>").postTags("</mark>").fields(marked);
                    if (marking != null) {
                        h.highlightQuery(marking);
                    }
                    return h;
                }));
    }

    /** The words without {@link #FILLER}; all of them when nothing else is left ("how to"). */
    static String withoutFiller(String words) {
        List<String> topic = new ArrayList<>();
        for (String word : words.split("\\s+")) {
            if (!FILLER.contains(word.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", ""))) {
                topic.add(word);
            }
        }
        return topic.isEmpty() ? words : String.join(" ", topic);
    }

    /**
     * Words that name a speaker (typos forgiven, as the speaker intent of {@link #textQuery} weighs them): every word
     * matched, so such hits count as matching every word ({@link #ALL_WORDS}). It weighs nothing (the intent's weight
     * does) and finds nothing the typo clause does not.
     */
    private static List<Query> speakerNamed(String words) {
        String name = YEAR.matcher(words).replaceAll(" ").trim();
        if (name.split("\\s+").length < 2) {
            return List.of();
        }
        return List.of(Query.of(q -> q.match(m -> m.field(SPEAKER_NAMES).query(name).operator(Operator.And)
                .fuzziness(TYPOS).prefixLength(1).boost(0f).queryName(ALL_WORDS + "_speaker"))));
    }

    /** Words near each other ({@link #PROXIMITY_SLOP}): adds to the score, finds nothing the other ways miss. */
    private static List<Query> proximity(String words) {
        if (words.split("\\s+").length < 2) {
            return List.of(); // one word: the other clauses already score it
        }
        return List.of(Query.of(q -> q.multiMatch(m -> m.query(words).type(TextQueryType.Phrase)
                .slop(PROXIMITY_SLOP).fields(PROXIMITY_FIELDS))));
    }

    /** Every selection of the query as one filter (match all without any). */
    static Query selectionFilter(TalkQuery query) {
        return all(new ArrayList<>(selections(query).values()));
    }

    /** Each facet's selection as a filter; the year range belongs to the year facet. */
    private static Map<FacetField, Query> selections(TalkQuery query) {
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
