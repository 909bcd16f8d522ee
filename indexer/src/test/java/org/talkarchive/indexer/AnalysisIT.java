package org.talkarchive.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.indices.AnalyzeRequest;
import co.elastic.clients.elasticsearch.indices.analyze.AnalyzeToken;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.talkarchive.testing.RealEngines;
import org.talkarchive.testing.TestArchive;

/**
 * The index definition's analysis on the real node the tests run on (the embedded one unless -Pcontainers): the
 * filters a full distribution names {@code asciifolding}, {@code stemmer}, {@code porter_stem} and {@code kstem}
 * must give the tokens that distribution gives. The expected tokens are the Elasticsearch reference's own examples
 * for each filter, and what the real filters give for one sentence of talk titles.
 */
@ExtendWith(RealEngines.class)
class AnalysisIT {

    private static final String SENTENCE =
            "Designing extensible software with plugins: Django's testing, Aprendizaje automático";

    private TestArchive t;

    @BeforeEach
    void createIndexFromTheDefinition(TestArchive archive) {
        this.t = archive;
        t.archive().ensureIndex();
    }

    private List<String> tokens(String analyzeJson) throws Exception {
        AnalyzeRequest request = AnalyzeRequest.of(a -> a.withJson(new StringReader(analyzeJson)));
        return t.client().indices().analyze(request).tokens().stream().map(AnalyzeToken::token).toList();
    }

    private List<String> inIndex(String analyzeJson) throws Exception {
        AnalyzeRequest request = AnalyzeRequest.of(a -> a.withJson(new StringReader(analyzeJson)).index(t.alias()));
        return t.client().indices().analyze(request).tokens().stream().map(AnalyzeToken::token).toList();
    }

    private List<String> filtered(String filter, String text) throws Exception {
        return tokens("{\"tokenizer\":\"standard\",\"filter\":[\"lowercase\"," + filter + "],\"text\":\"" + text
                + "\"}");
    }

    @Test
    void exactFieldsFoldAccentsAndCaseOnly() throws Exception {
        assertThat(inIndex("{\"field\":\"title\",\"text\":\"" + SENTENCE + "\"}")).containsExactly(
                "designing", "extensible", "software", "with", "plugins", "django's", "testing", "aprendizaje",
                "automatico");
        assertThat(inIndex("{\"field\":\"speakers\",\"text\":\"Łukasz Nowak, José MÜLLER, Straße\"}"))
                .containsExactly("lukasz", "nowak", "jose", "muller", "strasse");
    }

    @Test
    void stemmedSubFieldsStemLikePorterAfterPossessivesAndFolding() throws Exception {
        List<String> expected = List.of("design", "extens", "softwar", "with", "plugin", "django", "test",
                "aprendizaj", "automatico");
        for (String field : List.of("title", "description", "tags", "event_title", "speakers")) {
            assertThat(inIndex("{\"field\":\"" + field + ".stemmed\",\"text\":\"" + SENTENCE + "\"}")).as(field)
                    .containsExactlyElementsOf(expected);
        }
    }

    @Test
    void filtersGiveTheTokensOfTheElasticsearchReference() throws Exception {
        // Each filter's page in the Elasticsearch reference analyzes these words to these tokens.
        assertThat(filtered("\"porter_stem\"", "the foxes jumping quickly"))
                .containsExactly("the", "fox", "jump", "quickli");
        assertThat(filtered("\"kstem\"", "the foxes jumping quickly")).containsExactly("the", "fox", "jump", "quick");
        assertThat(filtered("\"stemmer\"", "fox running and jumping")).containsExactly("fox", "run", "and", "jump");
        assertThat(filtered("\"asciifolding\"", "açaí à la carte")).containsExactly("acai", "a", "la", "carte");
    }

    @Test
    void stemmedSubFieldsAlsoIndexThePartsOfJoinedWordsButSearchWithoutSplitting() throws Exception {
        String title = "Tinkoff.ru on Python3: i18n";
        assertThat(inIndex("{\"field\":\"title.stemmed\",\"text\":\"" + title + "\"}")).containsExactly(
                "tinkoff.ru", "tinkoff", "ru", "on", "python3", "python", "3", "i18n", "i", "18", "n");
        assertThat(inIndex("{\"analyzer\":\"talk_stemmed_search\",\"text\":\"" + title + "\"}"))
                .containsExactly("tinkoff.ru", "on", "python3", "i18n");
        assertThat(inIndex("{\"field\":\"title\",\"text\":\"" + title + "\"}"))
                .as("the exact field keeps words as written").containsExactly("tinkoff.ru", "on", "python3", "i18n");
    }

    @Test
    void wordDelimiterGraphGivesTheTokensOfTheElasticsearchReference() throws Exception {
        // The reference's example, there with the keyword tokenizer, which the embedded node lacks; the standard
        // one splits it at the dashes and the plus, where the filter splits too. Then keeping the originals.
        String text = "Neil's-Super-Duper-XL500--42+AutoCoder";
        assertThat(tokens("{\"tokenizer\":\"standard\",\"filter\":[\"word_delimiter_graph\"],\"text\":\""
                + text + "\"}")).containsExactly("Neil", "Super", "Duper", "XL", "500", "42", "Auto", "Coder");
        assertThat(tokens("{\"tokenizer\":\"standard\",\"filter\":[{\"type\":\"word_delimiter_graph\","
                + "\"preserve_original\":true,\"split_on_case_change\":false},\"flatten_graph\"],\"text\":"
                + "\"Tinkoff.ru XL500\"}")).containsExactly("Tinkoff.ru", "Tinkoff", "ru", "XL500", "XL", "500");
    }

    @Test
    void kstemIsGentlerThanPorter() throws Exception {
        assertThat(filtered("\"kstem\"", "Designing extensible software with plugins tests"))
                .containsExactly("designing", "extensible", "software", "with", "plugin", "test");
    }

    @Test
    void stemmerLanguagesAndSettingsAreThoseOfAFullDistribution() throws Exception {
        String words = "Django's queries were running";
        assertThat(filtered("{\"type\":\"stemmer\",\"language\":\"english\"}", words))
                .containsExactly("django'", "queri", "were", "run");
        assertThat(filtered("{\"type\":\"stemmer\",\"language\":\"light_english\"}", words))
                .containsExactly("django's", "query", "were", "running");
        assertThat(filtered("{\"type\":\"stemmer\",\"language\":\"minimal_english\"}", words))
                .containsExactly("django'", "query", "were", "running");
        assertThat(filtered("{\"type\":\"stemmer\",\"language\":\"possessive_english\"}", words))
                .containsExactly("django", "queries", "were", "running");
        assertThat(filtered("{\"type\":\"asciifolding\",\"preserve_original\":true}", "açaí"))
                .containsExactly("acai", "açaí");
    }

    @Test
    void whatAFullDistributionWouldReadDifferentlyIsRefusedNotIgnored() throws Exception {
        // Sent as raw JSON: the Java client would refuse the misspelt setting before the node sees it.
        assertThat(refusal("{\"type\":\"asciifolding\",\"preserve_orginal\":true}"))
                .contains("illegal_argument_exception", "preserve_orginal", "preserve_original");
        assertThat(refusal("{\"type\":\"porter_stem\",\"language\":\"english\"}"))
                .contains("illegal_argument_exception", "[porter_stem]", "language");
        assertThat(refusal("{\"type\":\"stemmer\",\"language\":\"klingon\"}"))
                .contains("illegal_argument_exception", "klingon", "light_english");
        // a word list this module does not carry
        assertThat(refusal("{\"type\":\"word_delimiter_graph\",\"protected_words\":[\"C++\"]}"))
                .contains("illegal_argument_exception", "protected_words");
        assertThat(refusal("{\"type\":\"flatten_graph\",\"max_depth\":2}"))
                .contains("illegal_argument_exception", "[flatten_graph]", "max_depth");
    }

    /** The body of a 400 answer to an _analyze with that filter definition. */
    private String refusal(String filter) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(t.elasticsearchUrl() + "/_analyze"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"tokenizer\":\"standard\",\"filter\":[" + filter + "],\"text\":\"x\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        return response.body();
    }
}
