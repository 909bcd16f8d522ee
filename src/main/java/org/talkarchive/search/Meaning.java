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
 * @param talkVector a talk's stored vector and duplicate key; empty for no such talk
 */
public record Meaning(TextEmbedder embedder, HybridFusion.Rule rule, double meaningWeight,
                      LongFunction<Optional<TalkVector>> talkVector) {

    /** The rule the site uses, chosen on the judged queries (docs/search-by-meaning.md). */
    public static final HybridFusion.Rule DEFAULT_RULE = HybridFusion.Rule.ALL_WORDS_FIRST;
    /** How much meaning's ranks weigh against the words' weaker hits' (docs/search-by-meaning.md). */
    public static final double DEFAULT_WEIGHT = 1;

    public Meaning(TextEmbedder embedder, HybridFusion.Rule rule, LongFunction<Optional<TalkVector>> talkVector) {
        this(embedder, rule, DEFAULT_WEIGHT, talkVector);
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

    public Meaning withRule(HybridFusion.Rule other, double weight) {
        return new Meaning(embedder, other, weight, talkVector);
    }

    boolean used() {
        return rule != HybridFusion.Rule.WORDS_ONLY;
    }
}
