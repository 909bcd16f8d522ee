package org.talkarchive.text.embedding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The whole words a WordPiece model (a BERT tokenizer) has in its vocabulary. A text none of whose words it knows
 * (gibberish, or names it never saw) is cut into word pieces that mean nothing, and its vector lands near talks
 * about nothing in particular (titles that are file names): such a text is not searched by meaning.
 */
public final class WordPieceVocabulary {

    private static final Pattern NOT_A_LETTER_OR_DIGIT = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern LATIN_LETTERS = Pattern.compile("[a-z]+");

    private final Set<String> words;

    WordPieceVocabulary(Set<String> words) {
        this.words = Set.copyOf(words);
    }

    /** The vocabulary of a Hugging Face {@code tokenizer.json} (its {@code model.vocab}); word pieces left out. */
    static WordPieceVocabulary fromTokenizerJson(InputStream json) {
        try (json) {
            JsonNode vocab = new ObjectMapper().readTree(json).path("model").path("vocab");
            Set<String> words = new HashSet<>();
            vocab.fieldNames().forEachRemaining(piece -> {
                if (!piece.startsWith("##") && !piece.startsWith("[")) {
                    words.add(piece);
                }
            });
            if (words.isEmpty()) {
                throw new IllegalStateException("the tokenizer has no vocabulary");
            }
            return new WordPieceVocabulary(words);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether the model knows a word of the text: one in its vocabulary (lowercased, accents removed, as the model
     * reads it; a plural by its singular too), a number, or a word in another script than Latin letters (Chinese,
     * Japanese and Korean are read a character at a time, and the rest are not judged).
     */
    public boolean knowsAWordOf(String text) {
        String folded = MARKS.matcher(Normalizer.normalize(text.toLowerCase(Locale.ROOT), Normalizer.Form.NFD))
                .replaceAll("");
        for (String word : NOT_A_LETTER_OR_DIGIT.split(folded)) {
            if (!word.isEmpty() && knows(word)) {
                return true;
            }
        }
        return false;
    }

    private boolean knows(String word) {
        return !LATIN_LETTERS.matcher(word).matches() // digits, other scripts
                || words.contains(word)
                || word.endsWith("s") && words.contains(word.substring(0, word.length() - 1))
                || word.endsWith("es") && words.contains(word.substring(0, word.length() - 2));
    }
}
