package org.talkarchive.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.talkarchive.search.FacetField;
import org.talkarchive.search.SearchPage;
import org.talkarchive.search.SearchPage.FacetValue;
import org.talkarchive.search.TalkQuery;

class YearChartTest {

    private static List<YearChart.Bar> bars(Map<String, List<String>> params, FacetValue... years) {
        TalkQuery query = TalkQuery.parse(params, Set.of());
        SearchPage page = new SearchPage(query, 0, List.of(),
                List.of(new SearchPage.Facet(FacetField.YEAR, List.of(years))), 0, null, false, null);
        return YearChart.bars(page, new SearchLinks("/", query));
    }

    @Test
    void everyYearFromFirstToLastInOrderEmptyYearsIncluded() {
        List<YearChart.Bar> bars = bars(Map.of(), new FacetValue("2021", "2021", 40, false),
                new FacetValue("2018", "2018", 10, false));
        assertThat(bars).extracting(YearChart.Bar::year).containsExactly("2018", "2019", "2020", "2021");
        assertThat(bars).extracting(YearChart.Bar::count).containsExactly(10L, 0L, 0L, 40L);
        assertThat(bars).extracting(YearChart.Bar::lengthClass).containsExactly("w25", "w0", "w0", "w100");
        assertThat(bars.get(1).href()).as("an empty year leads nowhere").isNull();
        assertThat(bars.get(0).href()).isEqualTo("/?year=2018");
    }

    @Test
    void aYearWithFewTalksStillShows() {
        List<YearChart.Bar> bars = bars(Map.of(), new FacetValue("2019", "2019", 1, false),
                new FacetValue("2020", "2020", 1000, false));
        assertThat(bars.get(0).lengthClass()).isEqualTo("w5");
    }

    @Test
    void theChosenRangeIsSelectedEmptyYearsInItToo() {
        List<YearChart.Bar> bars = bars(Map.of("year_from", List.of("2019"), "year_to", List.of("2020")),
                new FacetValue("2018", "2018", 5, false), new FacetValue("2019", "2019", 5, false),
                new FacetValue("2021", "2021", 5, false));
        assertThat(bars).extracting(YearChart.Bar::selected).containsExactly(false, true, true, false);
    }

    @Test
    void aChosenYearIsSelected() {
        List<YearChart.Bar> bars = bars(Map.of("year", List.of("2019")),
                new FacetValue("2018", "2018", 5, false), new FacetValue("2019", "2019", 5, true));
        assertThat(bars).extracting(YearChart.Bar::selected).containsExactly(false, true);
    }

    @Test
    void noYearsNoBars() {
        assertThat(bars(Map.of())).isEmpty();
    }
}
