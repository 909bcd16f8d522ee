package org.talkarchive.ui;

import java.util.ArrayList;
import java.util.List;
import org.talkarchive.search.FacetField;
import org.talkarchive.search.SearchPage;
import org.talkarchive.search.SearchPage.FacetValue;

/** The year facet as bars of a small chart: each bar links to its year, heights relative to the busiest year. */
public final class YearChart {

    public record Bar(String year, long count, int heightPercent, boolean selected, String href) {

        /**
         * The bar's height as a class (h0, h5 … h100, in app.css): the Content-Security-Policy allows no inline
         * styles, and steps of 5% are finer than the 72-pixel chart shows anyway.
         */
        public String heightClass() {
            int step = (int) Math.round(heightPercent / 5.0) * 5;
            return "h" + (heightPercent > 0 ? Math.max(5, step) : 0);
        }
    }

    private YearChart() {
    }

    public static List<Bar> bars(SearchPage page, SearchLinks links) {
        List<FacetValue> years = page.facet(FacetField.YEAR).values();
        long max = years.stream().mapToLong(FacetValue::count).max().orElse(0);
        List<Bar> bars = new ArrayList<>();
        for (FacetValue v : years) {
            int height = max == 0 ? 0 : (int) Math.max(v.count() > 0 ? 4 : 0, Math.round(100.0 * v.count() / max));
            bars.add(new Bar(v.value(), v.count(), height, v.selected(), links.toggle(FacetField.YEAR, v.value())));
        }
        bars.sort((a, b) -> a.year().compareTo(b.year()));
        return bars;
    }
}
