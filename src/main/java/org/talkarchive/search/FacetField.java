package org.talkarchive.search;

import java.util.Arrays;
import java.util.Optional;
import org.talkarchive.indexer.TalkDocument;
import org.talkarchive.talks.Languages;
import org.talkarchive.talks.TalkRepository;
import org.talkarchive.talks.Talks;
import org.talkarchive.text.Names;

/**
 * The facets a search can filter and count by, and everything about each in one place: the URL parameter, the
 * label shown, the index fields filtered on and counted, how many values are counted, their order, how a value
 * from a URL is made canonical, how a value is labelled, how the page shows the facet, how a feed's title names a
 * value, and where PostgreSQL finds a talk's values when the engine is away. The query parser, the Elasticsearch
 * request, the facet reader, the PostgreSQL fallback, links, feeds and templates all read it here; adding a facet
 * means adding a constant (and its fields in the index and the published document: FacetFieldTest checks them).
 */
public enum FacetField {
    EVENT("event", "Event", Values.KEYWORD, Display.LIST, 20,
            new IndexFields("event_slug", "event_facet"),
            InFeedTitles.EVENT_TITLE,
            "SELECT e.slug, e.title FROM event e WHERE e.id = t.event_id"),
    YEAR("year", "Year", Values.YEAR, Display.CHART, 200,
            new IndexFields("year", "year"),
            InFeedTitles.AS_GIVEN,
            "SELECT extract(year FROM t.recorded)::int::text, NULL WHERE t.recorded IS NOT NULL"),
    SPEAKER("speaker", "Speaker", Values.KEYWORD, Display.LIST, 20,
            new IndexFields("speaker_slugs", "speaker_facet"),
            InFeedTitles.SPEAKER_NAME,
            "SELECT s.slug, s.name FROM talk_speaker ts JOIN speaker s ON s.id = ts.speaker_id"
                    + " WHERE ts.talk_id = t.id"),
    TAG("tag", "Tag", Values.TAG_KEY, Display.LIST, 20,
            new IndexFields("tag_keys", "tag_facet"),
            InFeedTitles.TAG_NAME,
            "SELECT g.name, g.display_name FROM talk_tag tt JOIN tag g ON g.id = tt.tag_id"
                    + " WHERE tt.talk_id = t.id"),
    LANGUAGE("language", "Language", Values.LANGUAGE_CODE, Display.LIST, 30,
            new IndexFields("language", "language"),
            InFeedTitles.LANGUAGE_NAME,
            "SELECT t.language, NULL WHERE t.language IS NOT NULL"),
    /** Whether a talk has a transcript: "yes" or "no" (the index's {@code transcript} field). */
    TRANSCRIPT("transcript", "Transcript", Values.PRESENCE, Display.LIST, 2,
            new IndexFields("transcript", "transcript"),
            InFeedTitles.AS_GIVEN,
            "SELECT CASE WHEN EXISTS (SELECT 1 FROM transcript tr WHERE tr.talk_id = t.id)"
                    + " THEN '" + TalkDocument.WITH_TRANSCRIPT + "' ELSE '" + TalkDocument.WITHOUT_TRANSCRIPT + "' END,"
                    + " NULL");

    /** How the page shows a facet: a list of values with counts, or a bar chart (years, in order). */
    public enum Display { LIST, CHART }

    /** What a facet's values are: decides their canonical form, label, type in the index and order. */
    enum Values { KEYWORD, TAG_KEY, LANGUAGE_CODE, YEAR, PRESENCE }

    /**
     * The fields of the talks' index (search/talks-index.json, filled from the indexer's TalkDocument) a facet
     * reads.
     *
     * @param filter  the keyword (or numeric) field a selection filters on
     * @param buckets the field whose buckets are counted: for facets with labels, a "key␟label" field (see the
     *                indexer's {@code TalkDocument.facetValue}), so one aggregation gives both
     */
    record IndexFields(String filter, String buckets) {
    }

    /** How a feed's title names a selected value: by what the archive calls it, or as the URL gives it. */
    enum InFeedTitles { EVENT_TITLE, SPEAKER_NAME, TAG_NAME, LANGUAGE_NAME, AS_GIVEN }

    /** The values of a {@link Values#PRESENCE} facet: the index's, as the indexer writes them. */
    public static final String YES = TalkDocument.WITH_TRANSCRIPT;
    public static final String NO = TalkDocument.WITHOUT_TRANSCRIPT;

    private final String param;
    private final String label;
    private final Values values;
    private final Display display;
    private final int size;
    private final IndexFields index;
    private final InFeedTitles inFeedTitles;
    private final String fallbackValues;

    FacetField(String param, String label, Values values, Display display, int size, IndexFields index,
               InFeedTitles inFeedTitles, String fallbackValues) {
        this.param = param;
        this.label = label;
        this.values = values;
        this.display = display;
        this.size = size;
        this.index = index;
        this.inFeedTitles = inFeedTitles;
        this.fallbackValues = fallbackValues;
    }

    /** The URL parameter (repeatable; values of one facet combine with OR), also the facet's name in JSON. */
    public String param() {
        return param;
    }

    public String label() {
        return label;
    }

    public Display display() {
        return display;
    }

    /** The keyword (or numeric) field a selection filters on. */
    String filterField() {
        return index.filter();
    }

    /** The field whose buckets are counted (see {@link IndexFields#buckets}). */
    String bucketField() {
        return index.buckets();
    }

    /**
     * A talk's values of this facet in PostgreSQL, for the search while the engine is away
     * ({@link PostgresFallbackSearch}): a SELECT of (value, label) rows for the talk {@code t}, of which it may read
     * the columns {@link PostgresFallbackSearch#TALK_COLUMNS} only. The value is as the index holds it (text); the
     * label is null when the value is its own label.
     */
    String fallbackValues() {
        return fallbackValues;
    }

    /** How many values are counted and shown. */
    public int size() {
        return size;
    }

    /**
     * How many values are counted when a viewer asks for more ("Show more"): enough for a long tail, bounded so
     * that one page stays light (the full corpus has about 13,000 speakers).
     */
    public int expandedSize() {
        return Math.max(size, 500);
    }

    /** Years are numbers in the index and are filtered by range too. */
    boolean numeric() {
        return values == Values.YEAR;
    }

    /** Years are listed in their own order (a chart); other values by count, most talks first. */
    boolean ordersByValue() {
        return values == Values.YEAR;
    }

    /**
     * A value as a URL gives it, made canonical: tags by their key (so "Django" and "django" select the same),
     * years checked to be years.
     *
     * @throws InvalidParameterException naming this facet's parameter, if the value cannot be one
     */
    String canonical(String raw) {
        return switch (values) {
            case TAG_KEY -> Names.tagKey(raw);
            case YEAR -> Integer.toString(TalkQuery.year(raw, param));
            case KEYWORD, LANGUAGE_CODE -> raw;
            case PRESENCE -> {
                String value = raw.toLowerCase(java.util.Locale.ROOT);
                if (!value.equals(YES) && !value.equals(NO)) {
                    throw new InvalidParameterException(param, "must be yes or no, was '" + raw + "'");
                }
                yield value;
            }
        };
    }

    /**
     * What a viewer reads for a value: a language's name for its code; otherwise the label stored with the value,
     * or the value itself when there is none (years, or a selected value no talk has).
     */
    String label(String value, String storedLabel) {
        if (values == Values.LANGUAGE_CODE) {
            return Languages.name(value);
        }
        if (values == Values.PRESENCE) {
            return YES.equals(value) ? "With transcript" : "Without transcript";
        }
        return storedLabel == null || storedLabel.isEmpty() ? value : storedLabel;
    }

    /**
     * How a feed's title names a selected value: an event by its title, a speaker by name, a tag by its display
     * name, a language by its name; the value itself when the archive does not know it, and for years and
     * transcripts.
     */
    public String nameInFeedTitles(String value, TalkRepository talks) {
        return switch (inFeedTitles) {
            case EVENT_TITLE -> talks.event(value).map(Talks.Event::title).orElse(value);
            case SPEAKER_NAME -> talks.speaker(value).map(Talks.Speaker::name).orElse(value);
            case TAG_NAME -> talks.tagName(value).orElse(value);
            case LANGUAGE_NAME -> Languages.name(value);
            case AS_GIVEN -> value;
        };
    }

    public static Optional<FacetField> byParam(String param) {
        return Arrays.stream(values()).filter(f -> f.param.equals(param)).findFirst();
    }
}
