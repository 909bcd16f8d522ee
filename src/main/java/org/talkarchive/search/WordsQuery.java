package org.talkarchive.search;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.ChildScoreMode;
import co.elastic.clients.elasticsearch._types.query_dsl.FunctionBoostMode;
import co.elastic.clients.elasticsearch._types.query_dsl.FunctionScoreMode;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.TextQueryType;
import co.elastic.clients.elasticsearch.core.search.HighlightField;
import co.elastic.clients.elasticsearch.core.search.HighlighterEncoder;
import co.elastic.clients.elasticsearch.core.search.InnerHits;
import co.elastic.clients.util.NamedValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The query for a search's words, which decides what is found and in what order (relevance): the ways of matching
 * the words, strict to lenient, the intents that weigh on the score (a year, a speaker's name, whole-day streams),
 * and what was said in transcripts. Pure: {@link TalkSearchRequests} puts it into the requests.
 *
 * <p>User text only ever reaches the engine inside match-family queries, never as query-string syntax.
 */
final class WordsQuery {

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
    /**
     * Up to three words must all match; of more, three in four may (a sentence with a word the talk lacks). Two of
     * three was measured: it finds a title remembered with one word spelled otherwise ("tinkoff" for
     * "Tinkoff.ru"), but ranks "PyCon India 2015" above PyCon Canada's talks for "pycon ca 2015", and lost more
     * than it found on the DjangoCon and PyCon US subset (overall MRR 0.980 → 0.972).
     */
    static final String MOST_WORDS = "3<75%";
    /**
     * Every word of up to four, half of more: looser than {@link #MOST_WORDS}, for a talk described at length in its
     * own language; short queries ("async python 2022") would otherwise find every Spanish talk naming Python.
     */
    static final String SOME_WORDS = "4<50%";
    // Up to three words, each one token (Latin letters and digits): "most words" is every word then.
    private static final Pattern FEW_PLAIN_WORDS =
            Pattern.compile("[\\p{IsLatin}\\p{N}]+(?:\\s+[\\p{IsLatin}\\p{N}]+){0,2}");

    /** The transcript's cues, nested documents of a talk: what was said, and when. */
    static final String CUES = "cues";
    static final String CUE_TEXT = "cues.text";
    /** A cue's last words and the next cue's first, for phrases said across the two (search only). */
    static final String CUE_BRIDGE = "cues.bridge";
    /** The next cue's first words (those of the bridge): a phrase said there alone belongs to that cue. */
    static final String CUE_NEXT = "cues.next";
    /** How many matching cues a hit shows, with their times. */
    static final int MAX_SNIPPETS = 3;
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
    static final String ALL_WORDS = "all_words";

    /** Whether a hit matched every word: one of the {@link #ALL_WORDS} clauses, by the names the hit reports. */
    static boolean matchedAllWords(Collection<String> matchedQueries) {
        return matchedQueries.stream().anyMatch(name -> name.startsWith(ALL_WORDS));
    }

    /** Whether the words are searched in transcripts too, and whether the best cues come back as snippets. */
    enum Transcript { NOT_SEARCHED, SEARCHED, WITH_SNIPPETS }

    private WordsQuery() {
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
    static Query of(String text) {
        return of(text, Transcript.SEARCHED);
    }

    /**
     * As {@link #of(String)}; what was said counts too (the transcript's cues, {@link #transcript}), below
     * everything else ({@link #TRANSCRIPT_WEIGHT}).
     */
    static Query of(String text, Transcript transcript) {
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
                    // half of them, weighing less: a talk described in its own language, where meaning (an English
                    // model) helps little
                    .should(s -> s.multiMatch(m -> m.query(topic).type(TextQueryType.BestFields)
                            .minimumShouldMatch(SOME_WORDS).fields(NATIVE_FIELDS).boost(0.5f)))
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
     * Words that name a speaker (typos forgiven, as the speaker intent of {@link #of} weighs them): every word
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


    /** The text with its quotes taken away, the quoted words kept. */
    static String unquoted(String text) {
        return PHRASE.matcher(text).replaceAll("$1").replace("\"", " ");
    }
}
