package org.talkarchive.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.talkarchive.search.FacetField;
import org.talkarchive.search.TalkQuery;

class SearchLinksTest {

    private final TalkQuery query = TalkQuery.parse(Map.of("q", List.of("async views"),
            "year", List.of("2019"), "page", List.of("3")), Set.of());
    private final SearchLinks links = new SearchLinks("/", query);

    @Test
    void toggleAddsAValueAndStartsAtPageOne() {
        assertThat(links.toggle(FacetField.YEAR, "2020")).isEqualTo("/?q=async%20views&year=2019&year=2020");
    }

    @Test
    void toggleRemovesASelectedValue() {
        assertThat(links.toggle(FacetField.YEAR, "2019")).isEqualTo("/?q=async%20views");
    }

    @Test
    void valuesAreEncoded() {
        assertThat(links.toggle(FacetField.TAG, "c++ & rust")).contains("tag=c%2B%2B%20%26%20rust");
    }

    @Test
    void pagesSortsClearAndJsonTwin() {
        assertThat(links.page(4)).isEqualTo("/?q=async%20views&year=2019&page=4");
        assertThat(links.sorted("newest")).isEqualTo("/?q=async%20views&year=2019&sort=newest");
        assertThat(links.clear("year")).isEqualTo("/?q=async%20views");
        assertThat(links.json()).as("the twin carries what the page shows, help included")
                .isEqualTo("/api/talks?q=async%20views&year=2019&page=3&help=true");
    }
}
