package org.talkarchive.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class ApiReferenceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ApiReference reference() throws Exception {
        try (InputStream in = ApiReferenceTest.class.getResourceAsStream("/openapi/openapi.json")) {
            return ApiReference.from(JSON.readTree(in), "/api/openapi.json", PageMeta.of("http://localhost/api/docs"));
        }
    }

    private static ApiReference.Operation operation(ApiReference reference, String method, String path) {
        return reference.operations().stream().filter(o -> o.method().equals(method) && o.path().equals(path))
                .findFirst().orElseThrow(() -> new AssertionError("no " + method + " " + path));
    }

    @Test
    void everyOperationWithItsParametersRulesAndResponses() throws Exception {
        ApiReference reference = reference();
        assertThat(reference.title()).isEqualTo("Talk Archive API");
        ApiReference.Operation search = operation(reference, "GET", "/api/talks");
        assertThat(search.anchor()).isEqualTo("get-api-talks");
        assertThat(search.needsToken()).isFalse();
        assertThat(search.parameters()).extracting(ApiReference.Parameter::name)
                .contains("q", "event", "year", "speaker", "tag", "language", "year_from", "year_to", "sort", "page",
                        "per_page", "more", "help");
        assertThat(search.parameters()).filteredOn(p -> p.name().equals("q")).singleElement()
                .extracting(ApiReference.Parameter::rules).isEqualTo("at most 500 characters");
        assertThat(search.parameters()).filteredOn(p -> p.name().equals("year")).singleElement()
                .extracting(ApiReference.Parameter::rules).isEqualTo("at most 50 items; each from 1900 to 2999");
        assertThat(search.parameters()).filteredOn(p -> p.name().equals("per_page")).singleElement()
                .extracting(ApiReference.Parameter::rules).isEqualTo("from 1 to 100; default 20");
        assertThat(search.responses()).extracting(ApiReference.Response::status).contains("200", "400", "503");
        assertThat(search.responses()).filteredOn(r -> r.status().equals("503")).singleElement()
                .satisfies(r -> assertThat(r.headers()).contains("Retry-After", "X-Request-Id"));
        assertThat(search.responses().get(0).type().schema()).isEqualTo("SearchPage");

        ApiReference.Operation talk = operation(reference, "GET", "/api/talks/{id}");
        assertThat(talk.anchor()).isEqualTo("get-api-talks-id");
        assertThat(talk.parameters()).singleElement().satisfies(p -> {
            assertThat(p.in()).isEqualTo("path");
            assertThat(p.required()).isTrue();
        });
        assertThat(operation(reference, "POST", "/api/admin/reindex").needsToken()).isTrue();
    }

    @Test
    void schemasWithTheirFields() throws Exception {
        ApiReference.Schema summary = reference().schemas().stream().filter(s -> s.name().equals("TalkSummary"))
                .findFirst().orElseThrow();
        assertThat(summary.fields()).extracting(ApiReference.Field::name)
                .startsWith("id", "slug", "title", "event", "recorded");
        ApiReference.Field recorded = summary.fields().get(4);
        assertThat(recorded.type().text()).isEqualTo("string (date) or null");
        assertThat(recorded.required()).isTrue();
        ApiReference.Field speakers = summary.fields().stream().filter(f -> f.name().equals("speakers")).findFirst()
                .orElseThrow();
        assertThat(speakers.type()).isEqualTo(new ApiReference.Type("array of ", "SpeakerRef", ""));
    }

    @Test
    void typesInWords() throws Exception {
        JsonNode nullableRef = JSON.readTree("{\"oneOf\": [{\"$ref\": \"#/components/schemas/ZeroResults\"},"
                + " {\"type\": \"null\"}]}");
        assertThat(ApiReference.type(nullableRef)).isEqualTo(new ApiReference.Type("", "ZeroResults", " or null"));
        assertThat(ApiReference.type(JSON.readTree("{\"type\": \"integer\", \"format\": \"int64\"}")).text())
                .isEqualTo("integer (int64)");
        assertThat(ApiReference.rules(JSON.readTree("{\"type\": \"string\", \"enum\": [\"a\", \"b\"]}")))
                .isEqualTo("one of a, b");
    }

    @Test
    void codeBetweenBackticks() {
        assertThat(ApiReference.segments("a `b` c")).containsExactly(new ApiReference.Segment("a ", false),
                new ApiReference.Segment("b", true), new ApiReference.Segment(" c", false));
        assertThat(ApiReference.segments("no code")).containsExactly(new ApiReference.Segment("no code", false));
        assertThat(ApiReference.segments("")).isEmpty();
    }
}
