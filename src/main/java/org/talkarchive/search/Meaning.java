package org.talkarchive.search;

import java.util.Optional;
import java.util.function.LongFunction;
import org.talkarchive.text.embedding.TextEmbedder;

/**
 * Search by meaning's parts: the model that embeds a query, how its nearest talks are fused with the words' hits,
 * and where a talk's own stored vector is found (for related talks).
 *
 * @param embedder   the model; the index's vectors must be this model's
 * @param rule       how the two lists become one ({@link HybridFusion.Rule#WORDS_ONLY}: meaning unused)
 * @param talkVector a talk's stored vector and duplicate key, if it has a vector yet
 */
public record Meaning(TextEmbedder embedder, HybridFusion.Rule rule, LongFunction<Optional<TalkVector>> talkVector) {

    /** The rule the site uses, chosen on the judged queries (docs/search.md). */
    public static final HybridFusion.Rule DEFAULT_RULE = HybridFusion.Rule.ALL_WORDS_FIRST;

    /** A talk's vector, and the key its recordings share (they are left out of its related talks). */
    public record TalkVector(float[] vector, String duplicateKey) {
    }

    public Meaning withRule(HybridFusion.Rule other) {
        return new Meaning(embedder, other, talkVector);
    }

    boolean used() {
        return rule != HybridFusion.Rule.WORDS_ONLY;
    }
}
