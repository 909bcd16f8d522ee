package org.talkarchive.ui;

import java.util.ArrayList;
import java.util.List;
import org.talkarchive.search.SearchPage;
import org.talkarchive.search.SearchPage.Facet;
import org.talkarchive.search.SearchPage.FacetValue;
import org.talkarchive.search.TalkQuery;

/**
 * What search.jte shows: a page of results, the links that change it, a heading, where the search form goes, and
 * what link previews read.
 */
public record SearchPageView(SearchPage page, SearchLinks links, String heading, String action, PageMeta meta) {

    /** The year facet as a chart. */
    /** The search for the words as typed, none read as a filter (when some were: {@code page.understood()}). */
    public String literalUrl() {
        if (page.understood() == null) {
            return action;
        }
        java.util.Map<String, List<String>> params = new java.util.LinkedHashMap<>();
        params.put("q", List.of(page.understood().typed()));
        params.put("literal", List.of("true"));
        return SearchLinks.url(action, params);
    }

    public List<YearChart.Bar> yearBars() {
        return YearChart.bars(page, links);
    }

    /**
     * How many values a listed facet shows until "Show more": the most frequent, which are what most viewers pick,
     * while the page stays light (the API's facets carry all the values counted).
     */
    static final int SHOWN = 8;

    /** The values a listed facet shows: all when expanded, else its first {@link #SHOWN} and the selected ones. */
    public List<FacetValue> shownValues(Facet facet) {
        if (showsMore(facet)) {
            return facet.values();
        }
        List<FacetValue> shown = new ArrayList<>();
        for (FacetValue value : facet.values()) {
            if (shown.size() < SHOWN || value.selected()) {
                shown.add(value);
            }
        }
        return shown;
    }

    /**
     * Whether a facet may have values beyond those shown: some counted ones are left out, or it shows as many as
     * were asked for.
     */
    public boolean mayShowMore(Facet facet) {
        return !showsMore(facet) && (shownValues(facet).size() < facet.values().size()
                || facet.values().stream().filter(v -> v.count() > 0).count() >= facet.field().size());
    }

    /** Whether a facet shows its longer list. */
    public boolean showsMore(Facet facet) {
        return page.query().more() == facet.field();
    }

    /**
     * The pager's words: "Page 3 of 12", and, when the results run past what can be paged through, how many pages
     * there are and how many can be reached.
     */
    public String pagerText() {
        TalkQuery q = page.query();
        String text = "Page " + Formats.count(q.page()) + " of " + Formats.count(page.totalPages());
        if (page.totalPages() > page.pages()) {
            text += " (the first " + Formats.count(page.pages()) + " can be browsed; narrow the search to reach the rest)";
        }
        return text;
    }
}
