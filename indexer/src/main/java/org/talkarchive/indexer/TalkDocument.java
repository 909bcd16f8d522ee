package org.talkarchive.indexer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

/**
 * One talk as Elasticsearch holds it (see search/talks-index.json): everything search, facets and suggestions
 * need, denormalized. Its {@code _id} is the talk's database id. The {@code *_facet} fields carry "key\tlabel",
 * so a facet bucket can be shown without a trip to the database. Talks with the same {@code duplicate_key} are one
 * talk recorded or uploaded more than once (defined in PostgreSQL, {@code talk_projection}); search shows the best
 * of them, and the page names the others. {@code recorded_more_than_once} marks the documents that have another
 * recording, so counting distinct talks looks at those few only; it may stay true after the other recording is
 * gone (that count is still right), and is refreshed whenever a talk joins it (see {@link IndexSync}).
 * {@code embedding} is the talk's vector for search by meaning, absent until it has been computed
 * ({@link TalkVectors}); {@code embedding_hash} names the text it was computed from.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TalkDocument(
        long id,
        String slug,
        String title,
        String description,
        List<String> speakers,
        List<String> speakerAliases,
        List<String> speakerSlugs,
        List<String> speakerFacet,
        List<String> tags,
        List<String> tagKeys,
        List<String> tagFacet,
        String eventSlug,
        String eventTitle,
        String eventFacet,
        String language,
        Integer year,
        String recorded,
        Integer durationSeconds,
        String duplicateKey,
        boolean recordedMoreThanOnce,
        String transcript,
        List<Cue> cues,
        Map<String, String> nativeText,
        String embeddingHash,
        float[] embedding) {

    /**
     * Languages whose talks' title and description are also analysed by that language's stemmer
     * ({@code native_text.<code>}, ISO 639-3 as the corpus gives them), so "pruebas" finds "prueba" in a Spanish talk.
     */
    public static final List<String> NATIVE_LANGUAGES = List.of("spa", "fra", "por", "deu", "ita", "rus");

    /** The title and description under the talk's language, if it is one of {@link #NATIVE_LANGUAGES}. */
    static Map<String, String> nativeText(String language, String title, String description) {
        if (language == null || !NATIVE_LANGUAGES.contains(language)) {
            return null;
        }
        return Map.of(language, description == null ? title : title + "\n" + description);
    }

    /** The "has transcript" facet's values: whether the talk has a transcript. */
    public static final String WITH_TRANSCRIPT = "yes";
    public static final String WITHOUT_TRANSCRIPT = "no";

    /** Words of each side of a cue boundary that a cue's {@code bridge} holds. */
    static final int BRIDGE_WORDS = 4;

    /**
     * One cue of the talk's transcript, a nested document: when it starts (whole seconds, where a deep link starts
     * the player) and what was said. For phrases said across the boundary to the next cue ("…machine" | "learning
     * is…"), found in the cue where they start: {@code bridge}, this cue's last {@link #BRIDGE_WORDS} words and the
     * next one's first; and {@code next}, those first words of the next cue alone, so that a phrase said wholly in
     * the next cue is found there and not also here. Both null for the last cue. They stay in {@code _source}:
     * leaving them out made the index larger, not smaller (measured; see the README's transcripts section).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Cue(int start, String text, String bridge, String next) {

        public Cue(int start, String text) {
            this(start, text, null, null);
        }
    }

    /** The same talk with its transcript's cues (none: no transcript), each bridged to the next. */
    public TalkDocument withCues(List<Cue> talkCues) {
        return new TalkDocument(id, slug, title, description, speakers, speakerAliases, speakerSlugs, speakerFacet,
                tags, tagKeys, tagFacet, eventSlug, eventTitle, eventFacet, language, year, recorded,
                durationSeconds, duplicateKey, recordedMoreThanOnce,
                talkCues.isEmpty() ? WITHOUT_TRANSCRIPT : WITH_TRANSCRIPT, talkCues.isEmpty() ? null : bridged(talkCues),
                nativeText, embeddingHash, embedding);
    }

    /**
     * The same talk with its vector for search by meaning (see {@link TalkVectors}), or without one (null) while it
     * waits to be embedded: the hash says which text the vector was computed from.
     */
    public TalkDocument withEmbedding(String hash, float[] vector) {
        return new TalkDocument(id, slug, title, description, speakers, speakerAliases, speakerSlugs, speakerFacet,
                tags, tagKeys, tagFacet, eventSlug, eventTitle, eventFacet, language, year, recorded,
                durationSeconds, duplicateKey, recordedMoreThanOnce, transcript, cues, nativeText,
                vector == null ? null : hash, vector);
    }

    /** The cues, in the order said, each with its bridge to the next ({@link Cue}). */
    static List<Cue> bridged(List<Cue> said) {
        List<Cue> cues = new ArrayList<>(said.size());
        for (int i = 0; i < said.size(); i++) {
            Cue cue = said.get(i);
            String bridge = null;
            String next = null;
            if (i + 1 < said.size()) {
                List<String> tail = words(cue.text());
                List<String> head = words(said.get(i + 1).text());
                List<String> first = head.subList(0, Math.min(BRIDGE_WORDS, head.size()));
                List<String> both = new ArrayList<>(tail.subList(Math.max(0, tail.size() - BRIDGE_WORDS),
                        tail.size()));
                both.addAll(first);
                bridge = both.isEmpty() ? null : String.join(" ", both);
                next = first.isEmpty() ? null : String.join(" ", first);
            }
            cues.add(new Cue(cue.start(), cue.text(), bridge, next));
        }
        return cues;
    }

    /** Words as the analyzer will see them, near enough: runs of letters, digits and apostrophes. */
    private static List<String> words(String text) {
        return WORD.matcher(text).results().map(MatchResult::group).toList();
    }

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}'’]+");

    private static final char SEPARATOR = '\t';
    public static String facetValue(String key, String label) {
        return key + SEPARATOR + label;
    }

    /** Splits a facet bucket key into its key and label; a value without a label is its own label. */
    public static String[] facetParts(String value) {
        int at = value.indexOf(SEPARATOR);
        return at < 0 ? new String[] {value, value} : new String[] {value.substring(0, at), value.substring(at + 1)};
    }
}
