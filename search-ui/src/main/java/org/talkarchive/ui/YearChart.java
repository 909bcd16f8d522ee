package org.talkarchive.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.talkarchive.search.FacetField;
import org.talkarchive.search.SearchPage;
import org.talkarchive.search.SearchPage.FacetValue;
import org.talkarchive.search.TalkQuery;

/**
 * The year facet as bars of a small chart, one per year from the first year to the last: a year without talks is an
 * empty bar (leaving it out would make a gap look like continuity). Lengths are relative to the busiest year; a bar
 * is selected when its year is chosen or lies in the chosen year range.
 */
public final class YearChart {

    /** {@code href} is null for an empty year: a link there could only lead to no results. */
    public record Bar(String year, long count, int lengthPercent, boolean selected, String href) {

        /**
         * The bar's length as a class (w0, w5 … w100, in app.css): the Content-Security-Policy allows no inline
         * styles, and steps of 5% are finer than the narrow chart shows anyway. A year with talks shows at least 5%.
         */
        public String lengthClass() {
            int step = (int) Math.round(lengthPercent / 5.0) * 5;
            return "w" + (lengthPercent > 0 ? Math.max(5, step) : 0);
        }

        public boolean empty() {
            return count == 0;
        }
    }

    private YearChart() {
    }

    public static List<Bar> bars(SearchPage page, SearchLinks links) {
        TalkQuery query = page.query();
        TreeMap<Integer, FacetValue> byYear = new TreeMap<>();
        for (FacetValue v : page.facet(FacetField.YEAR).values()) {
            byYear.put(Integer.parseInt(v.value()), v);
        }
        if (byYear.isEmpty()) {
            return List.of();
        }
        long max = byYear.values().stream().mapToLong(FacetValue::count).max().orElse(0);
                List<Bar> bars = new ArrayList<>();
        for (int year = byYear.firstKey(); year <= byYear.lastKey(); year++) {
            FacetValue v = byYear.get(year);
            String value = Integer.toString(year);
            long count = v == null ? 0 : v.count();
            int length = max == 0 ? 0 : (int) Math.max(count > 0 ? 1 : 0, Math.round(100.0 * count / max));
            boolean inRange = (query.yearFrom() != null || query.yearTo() != null)
                    && (query.yearFrom() == null || year >= query.yearFrom())
                    && (query.yearTo() == null || year <= query.yearTo());
            boolean selected = inRange || (v != null && v.selected());
            String href = count == 0 && !selected ? null : links.toggle(FacetField.YEAR, value);
            bars.add(new Bar(value, count, length, selected, href));
        }
        return bars;
    }
}
