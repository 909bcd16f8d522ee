package org.talkarchive.ui;

import java.util.List;
import org.talkarchive.search.SearchPage;

/**
 * What search.jte shows: a page of results, the links that change it, a heading, and where the search form goes.
 * The speaker and event pages are this page scoped to one speaker or event.
 */
public record SearchPageView(SearchPage page, SearchLinks links, String heading, String action) {

    /** The year facet as a chart. */
    public List<YearChart.Bar> yearBars() {
        return YearChart.bars(page, links);
    }
}
