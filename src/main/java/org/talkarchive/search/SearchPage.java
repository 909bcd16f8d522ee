package org.talkarchive.search;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.talkarchive.talks.Talks.TalkSummary;

/**
 * One page of results: hydrated talks in rank order, the total, and the facets with counts. {@code degraded} is
 * true when Elasticsearch could not answer and PostgreSQL did, with simpler matching and counts. {@code help} is
 * there when nothing matched: ways forward (see {@link ZeroResults}). {@code facetsEstimated} is true when the facet
 * counts were estimated from a random sample of the matching talks ({@link FacetSampling}: a broad search of a large
 * archive); the total and the hits are exact all the same. {@code like} is the talk whose like was searched
 * ({@link TalkQuery#like()}), or null.
 */
public record SearchPage(TalkQuery query, long total, List<Hit> hits, List<Facet> facets, boolean facetsEstimated,
                         long engineMillis, @JsonIgnore Timings timings, boolean degraded, ZeroResults help,
                         Understood understood, boolean catchingUp, TalkSummary like) {

    /** A page whose facets were counted exactly. */
    public SearchPage(TalkQuery query, long total, List<Hit> hits, List<Facet> facets, long engineMillis,
                      Timings timings, boolean degraded, ZeroResults help) {
        this(query, total, hits, facets, false, engineMillis, timings, degraded, help, null, false, null);
    }

    /**
     * A page of the words as typed (nothing read as a filter), as the engine (or the fallback) answered it;
     * {@code catchingUp} is the caller's to set ({@link #withCatchingUp}): true when changes wait to be published, so
     * the engine's answer may be out of date.
     */
    public SearchPage(TalkQuery query, long total, List<Hit> hits, List<Facet> facets, boolean facetsEstimated,
                      long engineMillis, Timings timings, boolean degraded, ZeroResults help) {
        this(query, total, hits, facets, facetsEstimated, engineMillis, timings, degraded, help, null, false, null);
    }

    /**
     * Words of the search box that were read as filters ({@link QueryUnderstanding}): what was typed, and which of
     * its words became the selected filters of {@link #query()}.
     */
    public record Understood(String typed, List<String> asFilters) {
    }

    SearchPage withUnderstood(Understood how) { // package-private: see TalkSearchService#searchUnderstood
        return new SearchPage(query, total, hits, facets, facetsEstimated, engineMillis, timings, degraded, help, how,
                catchingUp, like);
    }

    /**
     * Ways forward from a search that found nothing: the words spelled as the archive spells them (null when every
     * word is known), and how many talks the words find without the filters (null when there were none).
     */
    public record ZeroResults(String didYouMean, Long withoutFilters) {
    }

    SearchPage withHelp(ZeroResults zeroResults) { // package-private: see TalkSearchService#withHelpIfEmpty
        return new SearchPage(query, total, hits, facets, facetsEstimated, engineMillis, timings, degraded,
                zeroResults, understood, catchingUp, like);
    }

    /** The same page, saying whether publishing is behind (see the constructor). */
    public SearchPage withCatchingUp(boolean behind) {
        return new SearchPage(query, total, hits, facets, facetsEstimated, engineMillis, timings, degraded, help,
                understood, behind, like);
    }

    /** The same page as the talks like {@code talk} ({@link TalkQuery#like()}). */
    SearchPage withLike(TalkSummary talk) { // package-private: see TalkSearchService#like
        return new SearchPage(query, total, hits, facets, facetsEstimated, engineMillis, timings, degraded, help,
                understood, catchingUp, talk);
    }

    /** Where the time of a search went, for the Server-Timing header: the engine round trip and hydration. */
    public record Timings(long engineNanos, long hydrationNanos) {
    }

    /**
     * {@code titleHtml} and {@code snippetHtml} are escaped text with {@code <mark>} around matches; {@code alsoAt}
     * are other recordings of the same talk (same title and speakers), newest first, shown as "also at".
     * {@code similarTopic}: found by meaning alone, no word of the search matched (the page says so).
     */
    public record Hit(TalkSummary talk, String titleHtml, String snippetHtml, List<TalkSummary> alsoAt,
                      List<TranscriptSnippet> transcript, boolean similarTopic) {

        public Hit(TalkSummary talk, String titleHtml, String snippetHtml, List<TalkSummary> alsoAt) {
            this(talk, titleHtml, snippetHtml, alsoAt, List.of(), false);
        }

        public Hit(TalkSummary talk, String titleHtml, String snippetHtml) {
            this(talk, titleHtml, snippetHtml, List.of(), List.of(), false);
        }
    }

    /**
     * A cue of the talk's transcript that matched the words: when it starts (whole seconds), its text escaped with
     * {@code <mark>} around the matches, and the talk page's address that starts the player there.
     */
    public record TranscriptSnippet(int start, String textHtml, String url) {

        /** The start as a viewer reads it: 1:05 or 1:02:03. */
        @JsonIgnore
        public String startLabel() {
            return org.talkarchive.transcripts.Cue.label(start);
        }
    }

    /** A facet's values on this page; in JSON by its parameter name and label (see {@link FacetField}). */
    public record Facet(@JsonIgnore FacetField field, List<FacetValue> values) {

        @JsonProperty
        public String name() {
            return field.param();
        }

        @JsonProperty
        public String label() {
            return field.label();
        }
    }

    /** One facet of this page. */
    public Facet facet(FacetField field) {
        return facets.stream().filter(f -> f.field() == field).findFirst()
                .orElseThrow(() -> new IllegalStateException("no facet " + field));
    }

    public record FacetValue(String value, String label, long count, boolean selected) {
    }

    /** The pages that can be browsed: Elasticsearch pages through the first {@link TalkQuery#MAX_WINDOW} only. */
    public int pages() {
        long reachable = Math.min(total, TalkQuery.MAX_WINDOW);
        return (int) Math.max(1, (reachable + query.perPage() - 1) / query.perPage());
    }

    /** All pages of the results, the ones beyond {@link #pages()} included. */
    public long totalPages() {
        return Math.max(1, (total + query.perPage() - 1) / query.perPage());
    }
}
