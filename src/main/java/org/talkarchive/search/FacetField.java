package org.talkarchive.search;

import java.util.Arrays;
import java.util.Optional;
import org.talkarchive.talks.Languages;
import org.talkarchive.text.Names;

/**
 * The facets a search can filter and count by, and everything about each in one place: the URL parameter, the
 * label shown, the index fields filtered on and counted, how many values are counted, their order, how a value
 * from a URL is made canonical, how a value is labelled, and how the page shows the facet. The query parser, the
 * Elasticsearch request, the facet reader, the PostgreSQL fallback, links, feeds and templates all read it here;
 * adding a facet means adding a constant (and its index field).
 */
public enum FacetField {
    EVENT("event", "Event", "event_slug", "event_facet", 20, Values.KEYWORD, Display.LIST),
    YEAR("year", "Year", "year", "year", 200, Values.YEAR, Display.CHART),
    SPEAKER("speaker", "Speaker", "speaker_slugs", "speaker_facet", 20, Values.KEYWORD, Display.LIST),
    TAG("tag", "Tag", "tag_keys", "tag_facet", 20, Values.TAG_KEY, Display.LIST),
    LANGUAGE("language", "Language", "language", "language", 30, Values.LANGUAGE_CODE, Display.LIST),
    /** Whether a talk has a transcript: "yes" or "no" (the index's {@code transcript} field). */
    TRANSCRIPT("transcript", "Transcript", "transcript", "transcript", 2, Values.PRESENCE, Display.LIST);

    /** How the page shows a facet: a list of values with counts, or a bar chart (years, in order). */
    public enum Display { LIST, CHART }

    /** What a facet's values are: decides their canonical form, label, type in the index and order. */
    enum Values { KEYWORD, TAG_KEY, LANGUAGE_CODE, YEAR, PRESENCE }

    /** The values of a {@link Values#PRESENCE} facet. */
    public static final String YES = "yes";
    public static final String NO = "no";

    private final String param;
    private final String label;
    private final String filterField;
    private final String bucketField;
    private final int size;
    private final Values values;
    private final Display display;

    FacetField(String param, String label, String filterField, String bucketField, int size, Values values,
               Display display) {
        this.param = param;
        this.label = label;
        this.filterField = filterField;
        this.bucketField = bucketField;
        this.size = size;
        this.values = values;
        this.display = display;
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
        return filterField;
    }

    /**
     * The field whose buckets are counted: for facets with labels, a "key␟label" field (see the indexer's
     * {@code TalkDocument.facetValue}), so one aggregation gives both.
     */
    String bucketField() {
        return bucketField;
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

    public static Optional<FacetField> byParam(String param) {
        return Arrays.stream(values()).filter(f -> f.param.equals(param)).findFirst();
    }
}
