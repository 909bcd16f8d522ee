package org.talkarchive.search;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The requests sent to Elasticsearch, read as the JSON that goes over the wire; no engine needed. */
class TalkSearchRequestsTest {

    private final TalkSearchRequests requests = new TalkSearchRequests("talks");
    private final JacksonJsonpMapper mapper = new JacksonJsonpMapper();

    private JsonNode searchFor(String... params) throws Exception {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            map.computeIfAbsent(params[i], k -> new ArrayList<>()).add(params[i + 1]);
        }
        return new ObjectMapper().readTree(requests.json(TalkQuery.parse(map, Set.of()), mapper));
    }

    @Test
    void sampledFacetsAreCountedInsideOneSeededRandomSamplerAndTheTotalStaysOutside() throws Exception {
        TalkQuery query = TalkQuery.parse(Map.of("q", List.of("python"), "year", List.of("2019")), Set.of());
        JsonNode exact = new ObjectMapper().readTree(JsonpUtils.toJsonString(requests.search(query), mapper));
        JsonNode sampled = new ObjectMapper().readTree(JsonpUtils.toJsonString(requests.search(query, 0.1), mapper));

        assertThat(exact.path("aggregations").has(FacetRequests.SAMPLED)).isFalse();
        JsonNode sampler = sampled.at("/aggregations/" + FacetRequests.SAMPLED);
        assertThat(sampler.at("/random_sampler/probability").asDouble()).isEqualTo(0.1);
        assertThat(sampler.at("/random_sampler/seed").isInt()).as("the same sample each time").isTrue();
        for (FacetField facet : FacetField.values()) {
            assertThat(sampler.at("/aggregations/" + facet.param())).isEqualTo(exact.at("/aggregations/" + facet.param()));
            assertThat(sampled.path("aggregations").has(facet.param())).isFalse();
        }
        assertThat(sampled.at("/aggregations/" + TalkSearchRequests.RESULTS))
                .isEqualTo(exact.at("/aggregations/" + TalkSearchRequests.RESULTS));
        assertThat(sampled.path("query")).isEqualTo(exact.path("query"));
        assertThat(sampled.path("post_filter")).isEqualTo(exact.path("post_filter"));

        JsonNode facets = new ObjectMapper().readTree(JsonpUtils.toJsonString(requests.facets(query), mapper));
        assertThat(facets.path("size").asInt()).isZero();
        assertThat(facets.path("post_filter").isMissingNode()).isTrue();
        for (FacetField facet : FacetField.values()) {
            assertThat(facets.at("/aggregations/" + facet.param())).isEqualTo(exact.at("/aggregations/" + facet.param()));
        }
    }

    @Test
    void facetsAreSampledOnlyWhenTheArchiveHoldsTwiceTheSampleAndTheSearchMatchesMore() {
        FacetSampling sampling = new FacetSampling(100_000);
        assertThat(sampling.probability(21_713)).isEqualTo(1);
        assertThat(sampling.probability(199_999)).isEqualTo(1);
        assertThat(sampling.probability(200_000)).isEqualTo(0.5);
        assertThat(sampling.probability(1_000_000)).isEqualTo(0.1);
        assertThat(sampling.probability(0)).as("size unknown").isEqualTo(1);
        assertThat(FacetSampling.EXACT.probability(10_000_000)).isEqualTo(1);
        assertThat(sampling.countExactly(99_999)).isTrue();
        assertThat(sampling.countExactly(100_000)).isFalse();
        assertThat(sampling.countExactly(9_999, 0.1)).as("a sample of 9,999 at 0.1: about 99,990 talks").isTrue();
        assertThat(sampling.countExactly(10_000, 0.1)).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FacetSampling(-1))
                .hasMessageContaining("TALKS_FACET_SAMPLE");
    }

    @Test
    void selectionsFilterHitsAndEveryFacetCountsWithoutItsOwnSelection() throws Exception {
        JsonNode body = searchFor("q", "orm", "event", "djangocon-us-2019", "year", "2019");
        assertThat(body.path("post_filter").toString()).contains("djangocon-us-2019", "2019");
        String eventCounts = body.at("/aggregations/event/filter").toString();
        assertThat(eventCounts).as("event counts ignore the event selection").doesNotContain("djangocon-us-2019")
                .contains("2019");
        String yearCounts = body.at("/aggregations/year/filter").toString();
        assertThat(yearCounts).as("year counts keep the event selection").contains("djangocon-us-2019");
        assertThat(body.path("aggregations").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("event", "year", "speaker", "tag", "language", "transcript",
                        TalkSearchRequests.RESULTS);
    }

    @Test
    void recordingsOfOneTalkAreOneResultCountedOnce() throws Exception {
        JsonNode body = searchFor("q", "orm", "event", "djangocon-us-2019");
        assertThat(body.at("/collapse/field").asText()).isEqualTo("duplicate_key");
        assertThat(body.at("/collapse").has("inner_hits")).as("inner hits would rescore for every hit").isFalse();
        assertThat(body.at("/docvalue_fields").toString()).as("hydration looks up others for marked hits only")
                .contains("recorded_more_than_once");
        JsonNode results = body.at("/aggregations/" + TalkSearchRequests.RESULTS);
        assertThat(results.at("/filter").toString()).as("the count obeys the selections").contains("djangocon-us-2019");
        JsonNode others = results.at("/aggregations/" + TalkSearchRequests.OTHER_RECORDINGS);
        assertThat(others.at("/filter/term/recorded_more_than_once/value").asBoolean())
                .as("distinct keys are counted among recordings with another recording only").isTrue();
        assertThat(others.at("/aggregations/" + TalkSearchRequests.DISTINCT + "/cardinality/field").asText())
                .isEqualTo("duplicate_key");
    }

    @Test
    void theTwoStemmedWaysAreOneQueryWhenTheyAreTheSame() throws Exception {
        assertThat(WordsQuery.sameStemmedQuery("async web", "async web")).isTrue();
        assertThat(WordsQuery.sameStemmedQuery("python 3", "python 3")).isTrue();
        assertThat(WordsQuery.sameStemmedQuery("one two three", "one two three")).isTrue();
        assertThat(WordsQuery.sameStemmedQuery("one two three four", "one two three four"))
                .as("of four words, most is three").isFalse();
        assertThat(WordsQuery.sameStemmedQuery("django-channels", "django-channels"))
                .as("a word of two tokens").isFalse();
        assertThat(WordsQuery.sameStemmedQuery("機械学習", "機械学習")).as("one token per ideograph").isFalse();
        assertThat(WordsQuery.sameStemmedQuery("a talk on orm", "orm")).as("filler left out").isFalse();

        List<JsonNode> same = wordClauses(searchFor("q", "async web"));
        assertThat(same).as("all stemmed words, asked once").hasSize(8);
        assertThat(same.get(1).path("fields").toString()).contains("title.stemmed");
        assertThat(same.get(1).path("boost").asDouble()).as("both ways' weights").isEqualTo(3.0);
        List<JsonNode> different = wordClauses(searchFor("q", "one two three four"));
        assertThat(different).hasSize(9);
        assertThat(different.get(1).path("boost").asDouble()).isEqualTo(2.0);
        assertThat(different.get(2).path("minimum_should_match").asText()).isEqualTo(WordsQuery.MOST_WORDS);
    }

    @Test
    void wordsNearEachOtherScoreMoreButOneWordNeedsNoPhrase() throws Exception {
        String two = searchFor("q", "async web").toString();
        assertThat(two).contains("\"type\":\"phrase\"", "\"slop\":" + WordsQuery.PROXIMITY_SLOP);
        String one = searchFor("q", "async").toString();
        assertThat(one).doesNotContain("\"type\":\"phrase\"");
    }

    @Test
    void howSomeoneAsksIsLeftToTheStrictWays() throws Exception {
        assertThat(WordsQuery.withoutFiller("I want to learn about Async Web")).isEqualTo("Async Web");
        assertThat(WordsQuery.withoutFiller("a talk on django-channels")).isEqualTo("django-channels");
        assertThat(WordsQuery.withoutFiller("how to")).as("nothing but filler: all of it").isEqualTo("how to");
        JsonNode body = searchFor("q", "tell me about scaling databases");
        List<JsonNode> clauses = wordClauses(body);
        assertThat(clauses.get(0).path("query").asText()).as("every word as typed, all required")
                .isEqualTo("tell me about scaling databases");
        assertThat(clauses.get(2).path("query").asText()).as("most words: of the topic").isEqualTo("scaling databases");
        JsonNode title = body.at("/query/function_score/query/bool/should/2/match/title.stemmed");
        assertThat(title.path("query").asText()).as("the title, in any inflection").isEqualTo("scaling databases");
        assertThat(title.path("operator").asText()).isEqualToIgnoringCase("and");
    }

    @Test
    void speakersAreFoundByTheirAliasesToo() throws Exception {
        String json = searchFor("q", "hawkowl").toString();
        assertThat(json).contains("speaker_aliases");
    }

    @Test
    void userTextNeverBecomesQuerySyntax() throws Exception {
        String hostile = "title:admin AND (x OR \"y";
        String json = searchFor("q", hostile).toString();
        assertThat(json).doesNotContain("query_string", "simple_query_string");
        assertThat(json).contains("multi_match");
    }

    @Test
    void quotedWordsMatchAsAPhrase() throws Exception {
        String json = searchFor("q", "\"class based views\" django").toString();
        assertThat(json).contains("\"type\":\"phrase\"", "class based views");
    }

    @Test
    void aPastedVideoSearchesItsTalksWithTheSameFiltersAndFacets() throws Exception {
        TalkQuery query = TalkQuery.parse(Map.of("q", List.of("https://youtu.be/x"), "year", List.of("2019")),
                Set.of());
        JsonNode body = new ObjectMapper().readTree(JsonpUtils.toJsonString(requests.searchAmong(query,
                List.of(7L, 9L)), mapper));
        assertThat(body.at("/query/ids/values").toString()).isEqualTo("[\"7\",\"9\"]");
        assertThat(body.toString()).as("the link's words are not searched or highlighted")
                .doesNotContain("youtu").doesNotContain("highlight");
        assertThat(body.at("/post_filter").isMissingNode()).isFalse();
        assertThat(body.at("/aggregations/year").isMissingNode()).isFalse();
    }

    @Test
    void withoutWordsEverythingMatchesNewestFirst() throws Exception {
        JsonNode body = searchFor();
        assertThat(body.path("query").has("match_all")).isTrue();
        assertThat(body.path("sort").get(0).toString()).contains("recorded", "desc");
        assertThat(body.has("highlight")).isFalse();
    }

    @Test
    void pagesAreFromAndSize() throws Exception {
        JsonNode body = searchFor("q", "django", "page", "3", "per_page", "10");
        assertThat(body.path("from").asInt()).isEqualTo(20);
        assertThat(body.path("size").asInt()).isEqualTo(10);
    }

    @Test
    void downloadBatchesResumeAfterTheLastHitAndEndOnTheId() {
        TalkQuery query = TalkQuery.parse(Map.of("q", List.of("django"), "sort", List.of("oldest")), Set.of());
        String first = requests.exportBatch(query, 500, null).toString();
        String next = requests.exportBatch(query, 500, List.of(FieldValue.of(1_500_000_000_000L),
                FieldValue.of(42L))).toString();
        assertThat(first).doesNotContain("search_after");
        assertThat(next).contains("search_after", "42");
        assertThat(first).contains("\"id\":{\"order\":\"asc\"}");
    }

    @Test
    void aYearRanksThatYearsTalksFirstAndDayLongRecordingsLast() throws Exception {
        JsonNode score = searchFor("q", "djangocon 2019").at("/query/function_score");
        assertThat(score.at("/query").toString()).as("the year is still a word to find (event titles name it)")
                .contains("djangocon 2019");
        assertThat(score.path("score_mode").asText()).isEqualTo("multiply");
        assertThat(score.path("boost_mode").asText()).isEqualTo("multiply");
        JsonNode year = score.path("functions").get(0);
        assertThat(year.at("/filter/terms/year").toString()).isEqualTo("[2019]");
        assertThat(year.path("weight").asDouble()).isGreaterThan(1.0);
        JsonNode longOnes = score.path("functions").get(1);
        assertThat(longOnes.at("/filter/range/duration_seconds/gte").asDouble()).isEqualTo(10_800.0);
        assertThat(longOnes.path("weight").asDouble()).isLessThan(1.0);

        assertThat(searchFor("q", "python 3000 tips").at("/query/function_score/functions").toString())
                .as("3000 is no year").doesNotContain("\"year\"");
    }

    @Test
    void wordsThatNameASpeakerTypoOrNotRankTheirTalksFirst() throws Exception {
        JsonNode functions = searchFor("q", "lukasz langaa").at("/query/function_score/functions");
        JsonNode speaker = functions.get(0);
        JsonNode names = speaker.at("/filter/match/speaker_names");
        assertThat(names.path("query").asText()).as("names and aliases, one field").isEqualTo("lukasz langaa");
        assertThat(names.path("operator").asText()).isEqualToIgnoringCase("and");
        assertThat(names.path("fuzziness").asText()).isEqualTo(WordsQuery.TYPOS);
        assertThat(speaker.path("weight").asDouble()).isGreaterThan(1.0);
        searchFor("q", "langa").at("/query/function_score/functions").forEach(f ->
                assertThat(f.at("/filter/match").isMissingNode()).as("one word names no one").isTrue());
    }

    /** The multi_match should clauses of the words' query, in order (the title's own clause is a match). */
    private static List<JsonNode> wordClauses(JsonNode body) {
        List<JsonNode> clauses = new ArrayList<>();
        body.at("/query/function_score/query/bool/should").forEach(c -> {
            if (c.has("multi_match")) {
                clauses.add(c.path("multi_match"));
            }
        });
        return clauses;
    }

    @Test
    void wordsMatchAsWrittenThenInOtherInflectionsThenMostOfThem() throws Exception {
        JsonNode body = searchFor("q", "designed software plugin with tests");
        List<JsonNode> clauses = wordClauses(body);
        assertThat(body.at("/query/function_score/query/bool/minimum_should_match").asText()).isEqualTo("1");
        assertThat(clauses).hasSize(9);
        // a talk's own language: every word, most words, then half of them weighing least
        JsonNode someOwn = clauses.get(8);
        assertThat(someOwn.path("fields").toString()).contains("native_text.spa").doesNotContain("title");
        assertThat(someOwn.path("minimum_should_match").asText()).isEqualTo(WordsQuery.SOME_WORDS);
        assertThat(someOwn.path("boost").asDouble()).isLessThan(clauses.get(7).path("boost").asDouble(1.0));

        JsonNode written = clauses.get(0);
        assertThat(written.path("type").asText()).isEqualTo("cross_fields");
        assertThat(written.path("operator").asText()).isEqualToIgnoringCase("and");
        assertThat(written.path("fields").toString()).contains("title^4", "description").doesNotContain("stemmed");

        JsonNode inflected = clauses.get(1);
        assertThat(inflected.path("operator").asText()).isEqualToIgnoringCase("and");
        assertThat(inflected.path("fields").toString())
                .contains("title.stemmed^4", "speakers.stemmed^3", "tags.stemmed^2", "description.stemmed");
        assertThat(written.path("boost").asDouble()).as("as written ranks above other inflections")
                .isGreaterThan(inflected.path("boost").asDouble());

        JsonNode most = clauses.get(2);
        assertThat(most.path("type").asText()).isEqualTo("cross_fields");
        assertThat(most.path("minimum_should_match").asText()).isEqualTo(WordsQuery.MOST_WORDS);
        assertThat(most.path("fields")).isEqualTo(inflected.path("fields"));
        assertThat(inflected.path("boost").asDouble()).as("every word ranks above most words")
                .isGreaterThan(most.path("boost").asDouble(1.0));

        JsonNode typos = clauses.get(3);
        assertThat(typos.path("fuzziness").asText()).isEqualTo(WordsQuery.TYPOS);
        assertThat(typos.path("minimum_should_match").asText()).isEqualTo(WordsQuery.MOST_WORDS);
        assertThat(clauses.get(4).path("type").asText()).isEqualTo("bool_prefix");
        JsonNode near = clauses.get(5);
        assertThat(near.path("type").asText()).isEqualTo("phrase");
        assertThat(near.path("slop").asInt()).isEqualTo(WordsQuery.PROXIMITY_SLOP);

        JsonNode own = clauses.get(6);
        assertThat(own.path("fields").toString()).contains("native_text.spa", "native_text.rus");
        assertThat(own.path("operator").asText()).isEqualToIgnoringCase("and");
        assertThat(own.path("_name").asText()).startsWith(WordsQuery.ALL_WORDS);
        assertThat(clauses.get(7).path("minimum_should_match").asText()).isEqualTo(WordsQuery.MOST_WORDS);
    }

    @Test
    void whatWasSaidIsSearchedInCuesAndRanksBelowEverythingElse() throws Exception {
        JsonNode body = searchFor("q", "garbage collector pauses");
        JsonNode nested = null;
        for (JsonNode clause : body.at("/query/function_score/query/bool/should")) {
            nested = clause.has("nested") ? clause.path("nested") : nested;
        }
        assertThat(nested).as("a nested clause").isNotNull();
        assertThat(nested.path("path").asText()).isEqualTo("cues");
        assertThat(nested.path("score_mode").asText()).isEqualTo("max");
        assertThat(nested.at("/query/bool/must/0/match/cues.text.stemmed/minimum_should_match").asText())
                .isEqualTo(WordsQuery.MOST_WORDS);
        assertThat(nested.at("/inner_hits/size").asInt()).isEqualTo(WordsQuery.MAX_SNIPPETS);
        assertThat(nested.at("/inner_hits/highlight/fields").toString()).contains("\"cues.text\"");

        assertThat(nested.path("boost").asDouble()).as("what was said weighs little beside the other ways")
                .isEqualTo(WordsQuery.TRANSCRIPT_WEIGHT, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(body.at("/query/function_score/functions").toString())
                .as("no second pass of the words over every matching talk").doesNotContain("must_not");

        JsonNode phrase = searchFor("q", "\"garbage collector\"").at("/query/function_score/query/bool/should");
        assertThat(phrase.toString()).contains("match_phrase").contains("cues.text");
    }

    @Test
    void accentsAreLeftToTheAnalyzers() throws Exception {
        String json = searchFor("q", "Łukasz automático").toString();
        assertThat(json).contains("Łukasz automático").doesNotContain("_folded", "lukasz");
    }
}
