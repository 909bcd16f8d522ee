package org.talkarchive.search;

/**
 * The facets a search can filter and count by: the URL parameter, the keyword field filtered on, and the field
 * whose buckets give value and label.
 */
public enum FacetField {
    EVENT("event", "Event", "event_slug", "event_facet", 20),
    YEAR("year", "Year", "year", "year", 200),
    SPEAKER("speaker", "Speaker", "speaker_slugs", "speaker_facet", 20),
    TAG("tag", "Tag", "tag_keys", "tag_facet", 20),
    LANGUAGE("language", "Language", "language", "language", 30);

    public final String param;
    public final String label;
    final String filterField;
    final String bucketField;
    final int size;

    FacetField(String param, String label, String filterField, String bucketField, int size) {
        this.param = param;
        this.label = label;
        this.filterField = filterField;
        this.bucketField = bucketField;
        this.size = size;
    }
}
