package org.talkarchive.search;

import java.util.Optional;
import java.util.function.LongFunction;
import org.talkarchive.text.embedding.TextEmbedder;

/**
 * Search by meaning's parts: the model that embeds a query, how its nearest talks are fused with the words' hits,
 * and where a talk's own stored vector is found (for related talks).
 *
 * @param embedder   the model; the index's vectors must be this model's
 * @param rule          how the two lists become one ({@link HybridFusion.Rule#WORDS_ONLY}: meaning unused)
 * @param meaningWeight how much meaning's ranks weigh where ranks are fused
 * @param questionWeight the same for a query asked as a question ({@link QueryUnderstanding#isQuestion})
 * @param talkVector a talk's stored vector and duplicate key; empty for no such talk
 */
public record Meaning(TextEmbedder embedder, HybridFusion.Rule rule, double meaningWeight, double questionWeight,
                      LongFunction<Optional<TalkVector>> talkVector) {

    /** The rule the site uses, chosen on the judged queries (docs/search-by-meaning.md). */
    public static final HybridFusion.Rule DEFAULT_RULE = HybridFusion.Rule.ALL_WORDS_FIRST;
    /** How much meaning's ranks weigh against the words' weaker hits' (docs/search-by-meaning.md). */
    public static final double DEFAULT_WEIGHT = 1;
    /**
     * How much they weigh for a question: its words are mostly the asking ("how can I…"), its subject is said in a
     * few words the talk may not use (docs/search-by-meaning.md).
     */
    public static final double DEFAULT_QUESTION_WEIGHT = 2;

    public Meaning(TextEmbedder embedder, HybridFusion.Rule rule, LongFunction<Optional<TalkVector>> talkVector) {
        this(embedder, rule, DEFAULT_WEIGHT, DEFAULT_QUESTION_WEIGHT, talkVector);
    }

    /**
     * A talk's vector (null until it is computed), and the key its recordings share (they are left out of its related
     * talks).
     */
    public record TalkVector(float[] vector, String duplicateKey) {

        boolean computed() {
            return vector != null;
        }
    }

    public Meaning withRule(HybridFusion.Rule other, double weight, double forQuestions) {
        return new Meaning(embedder, other, weight, forQuestions, talkVector);
    }

    /** A query's text as the model embeds it: quotes (a phrase, to the words' search) and case mean nothing to it. */
    public static String embeddedText(String queryText) {
        return queryText.replace('"', ' ').strip().toLowerCase(java.util.Locale.ROOT);
    }

    /** How much meaning's ranks weigh for this query's text. */
    double weightFor(String text) {
        return QueryUnderstanding.isQuestion(text) ? questionWeight : meaningWeight;
    }

    boolean used() {
        return rule != HybridFusion.Rule.WORDS_ONLY;
    }

    /**
     * Whether meaning joins the words for this query: a search by relevance with words in it (a date order has
     * nothing to fuse), when the model knows one of its words besides the asking (the talks nearest gibberish would
     * look random).
     */
    public boolean joins(TalkQuery query) {
        return used() && query.hasText() && TalkSearchRequests.effectiveSort(query) == TalkQuery.Sort.RELEVANCE
                && embedder.knowsAWordOf(WordsQuery.withoutFiller(query.text()));
    }
}
