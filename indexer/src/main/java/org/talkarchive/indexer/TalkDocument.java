package org.talkarchive.indexer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * One talk as Elasticsearch holds it (see search/talks-index.json): everything search, facets and suggestions
 * need, denormalized. Its {@code _id} is the talk's database id. The {@code *_facet} fields carry "key\tlabel",
 * so a facet bucket can be shown without a trip to the database. Talks with the same {@code duplicate_key} are one
 * talk recorded or uploaded more than once (defined in PostgreSQL, {@code talk_projection}); search shows the best
 * of them, and the page names the others. {@code recorded_more_than_once} marks the documents that have another
 * recording, so counting distinct talks looks at those few only; it may stay true after the other recording is
 * gone (that count is still right), and is refreshed whenever a talk joins it (see {@link IndexSync}).
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
        List<Cue> cues) {

    /** The "has transcript" facet's values: whether the talk has a transcript. */
    public static final String WITH_TRANSCRIPT = "yes";
    public static final String WITHOUT_TRANSCRIPT = "no";

    /**
     * One cue of the talk's transcript, a nested document: when it starts (whole seconds, where a deep link starts
     * the player) and what was said.
     */
    public record Cue(int start, String text) {
    }

    /** The same talk with its transcript's cues (none: no transcript). */
    public TalkDocument withCues(List<Cue> talkCues) {
        return new TalkDocument(id, slug, title, description, speakers, speakerAliases, speakerSlugs, speakerFacet,
                tags, tagKeys, tagFacet, eventSlug, eventTitle, eventFacet, language, year, recorded,
                durationSeconds, duplicateKey, recordedMoreThanOnce, talkCues.isEmpty() ? WITHOUT_TRANSCRIPT : WITH_TRANSCRIPT,
                talkCues.isEmpty() ? null : talkCues);
    }

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
