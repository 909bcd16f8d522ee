package org.talkarchive.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import io.javalin.testtools.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.talkarchive.Archive;
import org.talkarchive.config.SiteConfig;
import org.talkarchive.importer.ImportProgress;
import org.talkarchive.infra.Json;
import org.talkarchive.synthetic.CorpusModel;
import org.talkarchive.synthetic.SyntheticCorpus;
import org.talkarchive.testing.OpenApiConformance;
import org.talkarchive.testing.RealEngines;
import org.talkarchive.testing.TestArchive;

/**
 * Facet counts of broad searches estimated from a sample ({@link FacetSampling}), on the real engines: 2,000
 * synthetic talks, sampled at 400 (a probability of 0.2), beside an archive on the same index that counts exactly.
 */
@ExtendWith(RealEngines.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FacetSamplingIT {

    private static final int TALKS = 2_000;
    private static final int SAMPLE = 400;
    private static final ObjectMapper JSON = Json.create();

    private Archive sampled;
    private Archive exact;

    @BeforeAll
    void load(TestArchive t, @TempDir Path dir) throws Exception {
        Path corpus = dir.resolve("corpus");
        new SyntheticCorpus(CorpusModel.builtIn(JSON), JSON).generate(TALKS, 7, corpus, n -> { });
        sampled = new Archive(Archive.Engines.shared(t.dataSource(), t.client()),
                Archive.Settings.of(t.alias()).withFacetSampling(new FacetSampling(SAMPLE)));
        exact = new Archive(Archive.Engines.shared(t.dataSource(), t.client()),
                Archive.Settings.of(t.alias()).withFacetSampling(FacetSampling.EXACT));
        sampled.importer().importCorpus(corpus, ImportProgress.NONE);
        sampled.ensureIndex();
        sampled.index().refresh();
    }

    @AfterAll
    void close() throws Exception {
        sampled.close();
        exact.close();
    }

    private static TalkQuery query(String... params) {
        Map<String, List<String>> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            map.put(params[i], List.of(params[i + 1]));
        }
        return TalkQuery.parse(map, Set.of());
    }

    private static Map<String, Long> counts(SearchPage page, FacetField field) {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        page.facet(field).values().forEach(v -> counts.put(v.value(), v.count()));
        return counts;
    }

    @Test
    void aSearchMatchingMoreThanTheSampleEstimatesItsFacetsAndKeepsItsHitsAndTotalExact() {
        SearchPage estimated = sampled.search().search(TalkQuery.all());
        SearchPage counted = exact.search().search(TalkQuery.all());

        assertThat(estimated.facetsEstimated()).isTrue();
        assertThat(counted.facetsEstimated()).isFalse();
        assertThat(estimated.total()).isEqualTo(counted.total());
        assertThat(estimated.hits()).extracting(h -> h.talk().id())
                .containsExactlyElementsOf(counted.hits().stream().map(h -> h.talk().id()).toList());
        // The engine scales the sample's counts up to the whole: the largest language and the years sum to about
        // the talks there are. About 400 sampled, so a count of 1,000 or more is within 20% (four standard errors).
        Map<String, Long> languages = counts(counted, FacetField.LANGUAGE);
        String largest = languages.keySet().iterator().next();
        assertThat(languages.get(largest)).isGreaterThan(1_000);
        assertThat((double) counts(estimated, FacetField.LANGUAGE).get(largest))
                .isCloseTo(languages.get(largest), org.assertj.core.data.Percentage.withPercentage(20));
        long years = counts(estimated, FacetField.YEAR).values().stream().mapToLong(Long::longValue).sum();
        assertThat((double) years).isCloseTo(TALKS, org.assertj.core.data.Percentage.withPercentage(20));
        // the same sample for the same search: paging does not change the counts
        SearchPage again = sampled.search().search(query("page", "2"));
        assertThat(again.facets()).isEqualTo(estimated.facets());
    }

    @Test
    void wordsMatchingFewerTalksThanTheSampleAreCountedExactly() {
        TalkQuery narrow = query("q", narrowWord());
        SearchPage page = sampled.search().search(narrow);
        SearchPage counted = exact.search().search(narrow);
        assertThat(page.total()).isPositive().isLessThan(SAMPLE);
        assertThat(page.facetsEstimated()).isFalse();
        assertThat(page.facets()).isEqualTo(counted.facets());
        assertThat(page.hits()).extracting(h -> h.talk().id())
                .containsExactlyElementsOf(counted.hits().stream().map(h -> h.talk().id()).toList());
    }

    @Test
    void aBroadSearchNarrowedByASelectionKeepsEstimatesAndAnExactTotal() {
        // a year with fewer talks than the sample: the facets still count across every year of all talks
        String year = counts(exact.search().search(TalkQuery.all()), FacetField.YEAR).entrySet().stream()
                .filter(e -> e.getValue() > 20 && e.getValue() < SAMPLE).map(Map.Entry::getKey).findFirst()
                .orElseThrow();
        TalkQuery inYear = query("year", year, "sort", "newest");
        SearchPage page = sampled.search().search(inYear);
        SearchPage counted = exact.search().search(inYear);
        assertThat(page.facetsEstimated()).isTrue();
        assertThat(page.total()).isEqualTo(counted.total()).isLessThan(SAMPLE);
        assertThat(page.hits()).extracting(h -> h.talk().id())
                .containsExactlyElementsOf(counted.hits().stream().map(h -> h.talk().id()).toList());
        assertThat(page.facet(FacetField.YEAR).values()).filteredOn(SearchPage.FacetValue::selected)
                .extracting(SearchPage.FacetValue::value).containsExactly(year);
    }

    @Test
    void thePageAndTheApiSayTheCountsAreEstimates() {
        OpenApiConformance spec = OpenApiConformance.load();
        Javalin app = sampled.web(Optional.empty(), SiteConfig.local(7070));
        JavalinTest.test(app, (server, client) -> {
            Response api = client.get("/api/talks");
            String text = api.body().string();
            assertThat(spec.problems("GET", "/api/talks", api, text)).as("as described").isEmpty();
            assertThat(JSON.readTree(text).path("facets_estimated").asBoolean()).isTrue();
            JsonNode narrow = JSON.readTree(client.get("/api/talks?q=" + narrowWord()).body().string());
            assertThat(narrow.path("total").asLong()).isLessThan(SAMPLE);
            assertThat(narrow.path("facets_estimated").asBoolean()).isFalse();

            String page = client.get("/?q=").body().string();
            assertThat(page).contains("id=\"facets-estimated\"").containsPattern("class=\"count\">~[0-9]");
            assertThat(client.get("/?q=" + narrowWord()).body().string()).doesNotContain("facets-estimated");
        });
    }

    /**
     * A word of a newest talk's title that few talks share: a narrow search, so narrow (a quarter of the sample) that
     * the sample's estimate of how many it matches is below the sample too.
     */
    private String narrowWord() {
        for (SearchPage.Hit hit : exact.search().search(TalkQuery.all()).hits()) {
            for (String word : hit.talk().title().split("[^\\p{L}]+")) {
                if (word.length() >= 6) {
                    long total = exact.search().search(query("q", word)).total();
                    if (total > 0 && total < SAMPLE / 4) {
                        return word;
                    }
                }
            }
        }
        throw new IllegalStateException("no narrow word among the newest talks' titles");
    }
}
