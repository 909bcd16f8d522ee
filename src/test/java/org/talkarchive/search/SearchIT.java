package org.talkarchive.search;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.core.SearchResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.talkarchive.search.SearchPage.Facet;
import org.talkarchive.search.SearchPage.FacetValue;
import org.talkarchive.testing.Fixtures;
import org.talkarchive.testing.RealEngines;
import org.talkarchive.testing.TestArchive;

@ExtendWith(RealEngines.class)
class SearchIT {

    private TestArchive t;

    @BeforeEach
    void load(TestArchive archive) {
        this.t = archive;
        t.importAndPublish(Fixtures.corpus());
    }

    private SearchPage search(String... params) {
        return t.search(params);
    }

    private static List<String> slugs(SearchPage page) {
        return page.hits().stream().map(h -> h.talk().slug()).toList();
    }

    private static Map<String, Long> counts(SearchPage page, String facet) {
        Facet f = page.facets().stream().filter(x -> x.name().equals(facet)).findFirst().orElseThrow();
        return f.values().stream().collect(Collectors.toMap(FacetValue::value, FacetValue::count));
    }

    private static List<String> selected(SearchPage page, String facet) {
        return page.facets().stream().filter(x -> x.name().equals(facet)).flatMap(f -> f.values().stream())
                .filter(FacetValue::selected).map(FacetValue::value).toList();
    }

    @Test
    void titleMatchesRankFirstAndAreHighlighted() {
        SearchPage page = search("q", "orm");
        assertThat(slugs(page)).first().isEqualTo("django-orm-deep-dive");
        assertThat(page.hits().get(0).titleHtml()).isEqualTo("A deep dive into the Django <mark>ORM</mark>");
    }

    @Test
    void wordsMayMatchAcrossFieldsAndMustAllMatch() {
        assertThat(slugs(search("q", "pytest García"))).containsExactly("testing-django-apps");
        assertThat(search("q", "pytest zeppelin").total()).isZero();
    }

    @Test
    void typosAccentsAndPrefixesStillFind() {
        assertThat(slugs(search("q", "asynk"))).containsExactly("async-views");
        assertThat(slugs(search("q", "lukasz"))).containsExactly("python-en-espanol");
        assertThat(slugs(search("q", "garcia"))).hasSize(3);
        assertThat(slugs(search("q", "pair progr"))).containsExactly("pair-programming");
    }

    @Test
    void quotedPhrasesMatchAsPhrases() {
        assertThat(slugs(search("q", "\"deep dive\""))).containsExactly("django-orm-deep-dive");
        assertThat(search("q", "\"dive deep\"").total()).isZero();
    }

    @Test
    void queryStringSyntaxIsJustText() {
        for (String hostile : List.of("title:orm OR *", "(((", "a AND NOT b", "/.*/", "\\", "\"", "speakers:*", "~!@#$%^&*")) {
            SearchPage page = search("q", hostile);
            assertThat(page.total()).as(hostile).isLessThanOrEqualTo(5);
        }
        assertThat(search("q", "title:orm OR *").total()).isZero();
    }

    @Test
    void valuesOfOneFacetCombineWithOrAndFacetsWithAnd() {
        assertThat(search("year", "2019").total()).isEqualTo(3);
        assertThat(search("year", "2019", "year", "2021").total()).isEqualTo(5);
        assertThat(slugs(search("year", "2019", "year", "2021", "speaker", "bob-smith")))
                .containsExactlyInAnyOrder("pair-programming", "django-orm-deep-dive");
        assertThat(slugs(search("tag", "django", "language", "spa"))).isEmpty();
        assertThat(slugs(search("tag", "Django", "year", "2021"))).containsExactly("django-orm-deep-dive");
    }

    @Test
    void eachFacetCountsIgnoreItsOwnSelectionButNotTheOthers() {
        SearchPage page = search("year", "2019", "language", "eng");

        assertThat(counts(page, "year")).as("years: only the language filter applies")
                .containsEntry("2019", 2L).containsEntry("2021", 1L);
        assertThat(counts(page, "language")).as("languages: only the year filter applies")
                .containsEntry("eng", 2L).doesNotContainKey("spa");
        assertThat(counts(page, "event")).containsOnly(Map.entry("fixconf-2019", 2L));
        assertThat(selected(page, "year")).containsExactly("2019");
        assertThat(page.total()).isEqualTo(2);
    }

    @Test
    void facetsCarryLabels() {
        SearchPage page = search();
        Facet speakers = page.facets().stream().filter(f -> f.name().equals("speaker")).findFirst().orElseThrow();
        assertThat(speakers.values()).anySatisfy(v -> {
            assertThat(v.value()).isEqualTo("ana-garcia");
            assertThat(v.label()).isEqualTo("Ana García");
            assertThat(v.count()).isEqualTo(3);
        });
        Facet languages = page.facets().stream().filter(f -> f.name().equals("language")).findFirst().orElseThrow();
        assertThat(languages.values()).extracting(FacetValue::label).contains("English", "Spanish");
    }

    @Test
    void yearRangesFilter() {
        assertThat(search("year_from", "2020").total()).isEqualTo(2);
        assertThat(search("year_to", "2019").total()).isEqualTo(3);
        assertThat(search("year_from", "2019", "year_to", "2019", "year", "2021").total()).isZero();
    }

    @Test
    void unknownFacetValuesGiveNothingAndStaySelected() {
        SearchPage page = search("event", "no-such-event");
        assertThat(page.total()).isZero();
        assertThat(selected(page, "event")).containsExactly("no-such-event");
    }

    @Test
    void sortsAndPages() {
        assertThat(slugs(search("sort", "oldest")).get(0)).isEqualTo("testing-django-apps");
        assertThat(slugs(search("sort", "newest")).get(0)).isEqualTo("django-orm-deep-dive");
        SearchPage second = search("sort", "oldest", "per_page", "2", "page", "2");
        assertThat(second.total()).isEqualTo(5);
        assertThat(second.pages()).isEqualTo(3);
        assertThat(slugs(second)).containsExactly("pair-programming", "python-en-espanol");
    }

    @Test
    void hitsAreHydratedInTheEnginesOrder() throws Exception {
        SearchPage page = search("q", "django");
        SearchResponse<Void> raw = t.client().search(new TalkSearchRequests(t.alias()).search(page.query()), Void.class);
        List<Long> engineOrder = raw.hits().hits().stream().map(h -> Long.parseLong(h.id())).toList();
        assertThat(page.hits()).extracting(h -> h.talk().id()).containsExactlyElementsOf(engineOrder);
        assertThat(engineOrder).hasSizeGreaterThan(1);
    }

    @Test
    void aTalkDeletedBeforeTheIndexKnowsIsNeverShown() {
        long id = t.count("SELECT id FROM talk WHERE slug = 'async-views'");
        t.update("DELETE FROM talk WHERE id = ?", id); // not published yet: the index still has it

        SearchPage page = search("q", "async");

        assertThat(page.hits()).extracting(h -> h.talk().id()).doesNotContain(id);
        assertThat(search("q", "views").hits()).extracting(h -> h.talk().slug()).doesNotContain("async-views");
    }

    @Test
    void relatedTalksComeFromTheEngineAndExcludeTheTalk() {
        long id = t.count("SELECT id FROM talk WHERE slug = 'django-orm-deep-dive'");
        assertThat(t.archive().search().related(id, 5)).extracting(s -> s.id()).doesNotContain(id).isNotEmpty();
    }
}
