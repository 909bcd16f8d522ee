package org.talkarchive.text.embedding;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What of a talk is embedded: its title, its tags and the start of its description (plain text). Speakers and the
 * event are left out: their names say nothing of the topic, and the word search finds them. The text's hash keys
 * the stored vector, so a talk whose text did not change is never embedded again, whatever else changed.
 *
 * @param text the text given to the model
 * @param hash SHA-256 of the text, in hex
 */
public record EmbeddingInput(String text, String hash) {

    /** Characters of the description embedded: its opening says what the talk is about; more costs time. */
    public static final int DESCRIPTION_CHARACTERS = 400;

    public static EmbeddingInput of(String title, List<String> tags, String description) {
        StringBuilder text = new StringBuilder(title == null ? "" : title.strip());
        if (tags != null && !tags.isEmpty()) {
            text.append(". ").append(String.join(", ", tags));
        }
        String opening = opening(description);
        if (!opening.isEmpty()) {
            text.append(". ").append(opening);
        }
        return new EmbeddingInput(text.toString(), sha256(text.toString()));
    }

    /** Up to {@link #DESCRIPTION_CHARACTERS} of the description, cut at a word boundary, white space folded. */
    static String opening(String description) {
        if (description == null) {
            return "";
        }
        String folded = description.replaceAll("\\s+", " ").strip();
        if (folded.length() <= DESCRIPTION_CHARACTERS) {
            return folded;
        }
        int cut = folded.lastIndexOf(' ', DESCRIPTION_CHARACTERS);
        return folded.substring(0, cut > 0 ? cut : DESCRIPTION_CHARACTERS);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
