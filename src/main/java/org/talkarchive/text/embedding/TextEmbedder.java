package org.talkarchive.text.embedding;

import java.util.List;

/**
 * Turns text into a vector that places texts about the same thing near each other (a sentence-embedding model).
 * Vectors are unit length, so their dot product is their cosine similarity.
 */
public interface TextEmbedder {

    /**
     * The model and its version, as stored beside every vector and in the index definition's identity: vectors of
     * two models are never compared, and a new model means new vectors and a reindex.
     */
    String model();

    int dimensions();

    /**
     * Whether the model knows at least one word of the text: of one it knows no word of (gibberish, names it never
     * saw), the vector means nothing, and the nearest talks to it would look random.
     */
    boolean knowsAWordOf(String text);

    /** One vector per text, in order. */
    List<float[]> embed(List<String> texts);

    default float[] embed(String text) {
        return embed(List.of(text)).get(0);
    }
}
