package org.talkarchive.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.talkarchive.search.FacetField;
import org.talkarchive.search.SearchPage;
import org.talkarchive.search.SearchPage.Facet;
import org.talkarchive.search.SearchPage.FacetValue;
import org.talkarchive.search.TalkQuery;

class SearchPageViewTest {

    private static SearchPageView view(long total, Map<String, List<String>> params, List<Facet> facets) {
        TalkQuery query = TalkQuery.parse(params, Set.of());
        SearchPage page = new SearchPage(query, total, List.of(), facets, 0, new SearchPage.Timings(0, 0), false, null);
        return new SearchPageView(page, new SearchLinks("/", query), "All talks", "/", PageMeta.of("https://x/"));
    }

    @Test
    void thePagerSaysHowManyPagesThereAreAndHowManyCanBeBrowsed() {
        // the full corpus: 21,720 talks, 20 a page, of which Elasticsearch pages through the first 10,000
        assertThat(view(21_720, Map.of(), List.of()).pagerText())
                .isEqualTo("Page 1 of 1,086 (the first 500 can be browsed; narrow the search to reach the rest)");
        assertThat(view(21_720, Map.of("page", List.of("500")), List.of()).pagerText()).startsWith("Page 500 of 1,086");
        assertThat(view(45, Map.of("page", List.of("2")), List.of()).pagerText()).isEqualTo("Page 2 of 3");
        assertThat(view(10_000, Map.of(), List.of()).pagerText()).isEqualTo("Page 1 of 500");
    }

    @Test
    void aFacetShowingAllItWasAskedForOffersMoreAndAnExpandedOneOffersFewer() {
        List<FacetValue> twenty = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            twenty.add(new FacetValue("tag-" + i, "Tag " + i, 30 - i, false));
        }
        Facet full = new Facet(FacetField.TAG, twenty);
        Facet short_ = new Facet(FacetField.EVENT, twenty.subList(0, 5));
        SearchPageView page = view(100, Map.of(), List.of(full, short_));
        assertThat(page.mayShowMore(full)).isTrue();
        assertThat(page.mayShowMore(short_)).isFalse();
        assertThat(page.links().more(FacetField.TAG)).isEqualTo("/?more=tag");

        SearchPageView expanded = view(100, Map.of("more", List.of("tag"), "q", List.of("orm")), List.of(full));
        assertThat(expanded.mayShowMore(full)).isFalse();
        assertThat(expanded.showsMore(full)).isTrue();
        assertThat(expanded.links().more(null)).isEqualTo("/?q=orm");
        // downloads and feeds are about talks, not facets
        assertThat(expanded.links().export("csv")).doesNotContain("more");
        assertThat(expanded.links().feed()).doesNotContain("more");
    }

    @Test
    void aListedFacetShowsItsFirstValuesAndTheSelectedOnesUntilExpanded() {
        List<FacetValue> fifteen = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            fifteen.add(new FacetValue("tag-" + i, "Tag " + i, 30 - i, i == 12));
        }
        Facet tags = new Facet(FacetField.TAG, fifteen);
        SearchPageView page = view(100, Map.of("tag", List.of("tag-12")), List.of(tags));
        assertThat(page.shownValues(tags)).extracting(FacetValue::value).containsExactly("tag-0", "tag-1", "tag-2",
                "tag-3", "tag-4", "tag-5", "tag-6", "tag-7", "tag-12");
        assertThat(page.mayShowMore(tags)).as("fewer counted than asked for, but some are left out").isTrue();

        SearchPageView expanded = view(100, Map.of("more", List.of("tag")), List.of(tags));
        assertThat(expanded.shownValues(tags)).isEqualTo(fifteen);
        assertThat(expanded.mayShowMore(tags)).isFalse();

        Facet few = new Facet(FacetField.LANGUAGE, fifteen.subList(0, SearchPageView.SHOWN));
        assertThat(page.shownValues(few)).hasSize(SearchPageView.SHOWN);
        assertThat(page.mayShowMore(few)).isFalse();
    }

    @Test
    void linkPreviewsGetAShortDescriptionAndOnlyHttpsImages() {
        String longText = "word ".repeat(80);
        PageMeta meta = new PageMeta("https://x/t", longText, "http://img.example/1.jpg", null);
        assertThat(meta.description()).endsWith("…").hasSizeLessThanOrEqualTo(201);
        assertThat(meta.image()).isNull();
        assertThat(meta.type()).isEqualTo("website");
        assertThat(new PageMeta("https://x/t", "  Two\n lines ", "https://img.example/1.jpg", "video.other"))
                .isEqualTo(new PageMeta("https://x/t", "Two lines", "https://img.example/1.jpg", "video.other"));
    }
}
