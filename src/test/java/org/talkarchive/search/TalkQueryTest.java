package org.talkarchive.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TalkQueryTest {

    private static TalkQuery parse(Map<String, List<String>> params) {
        return TalkQuery.parse(params, Set.of());
    }

    @Test
    void flagsAreTrueOrFalseGivenOnce() {
        assertThat(TalkQuery.flag(Map.of(), "literal")).isFalse();
        assertThat(TalkQuery.flag(Map.of("literal", List.of("true")), "literal")).isTrue();
        assertThat(TalkQuery.flag(Map.of("literal", List.of("false")), "literal")).isFalse();
        for (List<String> bad : List.of(List.of("maybe"), List.of(""), List.of("TRUE"), List.of("true", "true"))) {
            assertThatThrownBy(() -> TalkQuery.flag(Map.of("literal", bad), "literal")).as("%s", bad)
                    .isInstanceOf(InvalidParameterException.class)
                    .satisfies(e -> assertThat(((InvalidParameterException) e).parameter()).isEqualTo("literal"));
        }
    }

    @Test
    void parsesEveryParameter() {
        TalkQuery q = parse(Map.ofEntries(Map.entry("q", List.of(" django orm ")),
                Map.entry("event", List.of("djangocon-us-2019")), Map.entry("speaker", List.of("a", "b", "a")),
                Map.entry("tag", List.of("Django")), Map.entry("language", List.of("eng")),
                Map.entry("year", List.of("2019", "2020")), Map.entry("year_from", List.of("2015")),
                Map.entry("year_to", List.of("2021")), Map.entry("sort", List.of("newest")),
                Map.entry("page", List.of("3")), Map.entry("per_page", List.of("50"))));
        assertThat(q.text()).isEqualTo("django orm");
        assertThat(q.selected(FacetField.SPEAKER)).containsExactly("a", "b");
        assertThat(q.selected(FacetField.YEAR)).containsExactly("2019", "2020");
        assertThat(q.selected(FacetField.TAG)).as("tags select by key").containsExactly("django");
        assertThat(q.selected(FacetField.EVENT)).containsExactly("djangocon-us-2019");
        assertThat(q.selected(FacetField.LANGUAGE)).containsExactly("eng");
        assertThat(q.yearFrom()).isEqualTo(2015);
        assertThat(q.sort()).isEqualTo(TalkQuery.Sort.NEWEST);
        assertThat(q.page()).isEqualTo(3);
        assertThat(q.perPage()).isEqualTo(50);
    }

    @Test
    void defaults() {
        TalkQuery q = parse(Map.of());
        assertThat(q).isEqualTo(TalkQuery.all());
        assertThat(q.toParams()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "page|0|page",
            "page|x|page",
            "per_page|101|per_page",
            "year|19x9|year",
            "year|1200|year",
            "year_to|abc|year_to",
            "sort|best|sort",
            "colour|red|colour",
    })
    void badValuesNameTheParameter(String name, String value, String parameter) {
        assertThatThrownBy(() -> parse(Map.of(name, List.of(value))))
                .isInstanceOfSatisfying(InvalidParameterException.class,
                        e -> assertThat(e.parameter()).isEqualTo(parameter));
    }

    @Test
    void yearRangeMustBeOrdered() {
        assertThatThrownBy(() -> parse(Map.of("year_from", List.of("2020"), "year_to", List.of("2019"))))
                .isInstanceOfSatisfying(InvalidParameterException.class,
                        e -> assertThat(e.getMessage()).contains("after"));
    }

    @Test
    void pagingStopsAtTheResultWindow() {
        assertThatThrownBy(() -> parse(Map.of("page", List.of("101"), "per_page", List.of("100"))))
                .isInstanceOfSatisfying(InvalidParameterException.class,
                        e -> assertThat(e.parameter()).isEqualTo("page"));
        assertThat(parse(Map.of("page", List.of("100"), "per_page", List.of("100"))).page()).isEqualTo(100);
    }

    @Test
    void singleValuedParametersMayNotRepeat() {
        assertThatThrownBy(() -> parse(Map.of("q", List.of("a", "b"))))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.parameter()).isEqualTo("q"));
    }

    @Test
    void overlongTextIsRefused() {
        assertThatThrownBy(() -> parse(Map.of("q", List.of("x".repeat(501)))))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void extraKnownParametersAreAccepted() {
        assertThat(TalkQuery.parse(Map.of("format", List.of("csv")), Set.of("format"))).isEqualTo(TalkQuery.all());
    }

    @Test
    void everyFacetIsAParameterAndTheJsonUsesTheSameNames() throws Exception {
        Map<String, List<String>> params = new java.util.LinkedHashMap<>();
        for (FacetField facet : FacetField.values()) {
            params.put(facet.param(), List.of(facet == FacetField.YEAR ? "2019"
                    : facet == FacetField.TRANSCRIPT ? "yes" : "x"));
        }
        TalkQuery q = parse(params);
        for (FacetField facet : FacetField.values()) {
            assertThat(q.selected(facet)).as(facet.param()).hasSize(1);
        }
        String json = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(q);
        assertThat(json).isEqualTo("{\"event\":[\"x\"],\"year\":[\"2019\"],\"speaker\":[\"x\"],"
                + "\"tag\":[\"x\"],\"language\":[\"x\"],\"transcript\":[\"yes\"]}");
    }

    @Test
    void hasTranscriptIsYesOrNo() {
        assertThat(parse(Map.of("transcript", List.of("YES", "no"))).selected(FacetField.TRANSCRIPT))
                .containsExactly("yes", "no");
        assertThatThrownBy(() -> parse(Map.of("transcript", List.of("maybe"))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("yes or no");
    }

    @Test
    void sameValueSpelledDifferentlyIsSelectedOnce() {
        TalkQuery q = parse(Map.of("tag", List.of("Django", "django ", "DJANGO"), "year", List.of("2019", "02019")));
        assertThat(q.selected(FacetField.TAG)).containsExactly("django");
        assertThat(q.selected(FacetField.YEAR)).containsExactly("2019");
    }

    @Test
    void roundTripsThroughParams() {
        TalkQuery q = parse(Map.of("q", List.of("async"), "tag", List.of("django"), "year", List.of("2019"),
                "sort", List.of("oldest"), "page", List.of("2")));
        assertThat(parse(q.toParams())).isEqualTo(q);
    }

    @Test
    void moreNamesOneFacetWhoseValuesAreAllWanted() {
        TalkQuery q = parse(Map.of("more", List.of("speaker")));
        assertThat(q.more()).isEqualTo(FacetField.SPEAKER);
        assertThat(q.facetSize(FacetField.SPEAKER)).isEqualTo(FacetField.SPEAKER.expandedSize()).isGreaterThan(20);
        assertThat(q.facetSize(FacetField.TAG)).isEqualTo(FacetField.TAG.size());
        assertThat(q.toParams()).containsEntry("more", List.of("speaker"));
        assertThat(q.withPage(2).more()).isEqualTo(FacetField.SPEAKER);
        assertThatThrownBy(() -> parse(Map.of("more", List.of("colour")))).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("must name a facet");
    }

    @Test
    void likeNamesATalkByItsPathAndStandsAlone() {
        TalkQuery like = parse(Map.of("like", List.of("/talks/pycon-us-2019/some-talk"), "year", List.of("2019")));
        assertThat(like.like()).isEqualTo("pycon-us-2019/some-talk");
        assertThat(like.isLike()).isTrue();
        assertThat(parse(like.toParams())).isEqualTo(like);
        assertThat(like.withPage(2).like()).isEqualTo(like.like());
        assertThat(like.withText("django").isLike()).as("words replace it").isFalse();
        assertThatThrownBy(() -> parse(Map.of("like", List.of("a/b"), "q", List.of("django"))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("leave q out");
        assertThatThrownBy(() -> parse(Map.of("like", List.of("a/b"), "sort", List.of("newest"))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("leave sort out");
        for (String bad : List.of("no-slash", "a/b/c", "a b/c", "/talks/", "x".repeat(201) + "/b")) {
            assertThatThrownBy(() -> parse(Map.of("like", List.of(bad)))).as(bad)
                    .isInstanceOf(InvalidParameterException.class).hasMessageContaining("talk's path");
        }
    }
}
