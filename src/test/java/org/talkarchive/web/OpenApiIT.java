package org.talkarchive.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.testtools.HttpClient;
import io.javalin.testtools.JavalinTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import io.javalin.testtools.Request;
import org.talkarchive.testing.Responses;
import io.javalin.testtools.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.talkarchive.config.SiteConfig;
import org.talkarchive.testing.Fixtures;
import org.talkarchive.testing.OpenApiConformance;
import org.talkarchive.testing.RealEngines;
import org.talkarchive.testing.TestArchive;

/**
 * The OpenAPI description against the running archive: every route under /api (and /health, /ready) is described
 * and every described operation is routed; every described GET is called on real engines with the fixture corpus,
 * and each answer's status, headers and body must be what the description says of it (the bodies checked by
 * networknt's JSON Schema validator against the description's schemas). So a changed answer, a new field, or a
 * new endpoint without description fails here.
 */
@ExtendWith(RealEngines.class)
class OpenApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "s3cret-token-0123456789abcdefghijklmnop";

    private static TestArchive t;
    private Javalin app;
    private final OpenApiConformance spec = OpenApiConformance.load();

    @BeforeAll
    static void load(TestArchive archive) {
        t = archive;
        t.importAndPublish(Fixtures.corpus());
    }

    @BeforeEach
    void serve() {
        app = t.archive().web(Optional.of(TOKEN), SiteConfig.local(7070));
    }

    @Test
    void everyRouteUnderApiIsDescribedAndEveryDescribedOperationIsRouted() {
        Set<String> routed = new TreeSet<>();
        app.unsafe.internalRouter.allHttpHandlers().forEach(parsed -> {
            var endpoint = parsed.endpoint;
            String path = endpoint.path;
            if (endpoint.method.isHttpMethod()
                    && (path.startsWith("/api/") || path.equals("/health") || path.equals("/ready"))) {
                routed.add(endpoint.method.name() + " " + path);
            }
        });
        assertThat(routed).as("the routes of WebServer").contains("GET /api/talks", "POST /api/admin/reindex");
        // HEAD answers on every GET route as the GET does, which the description says once, in its introduction
        Set<String> gets = new TreeSet<>(routed.stream().filter(r -> r.startsWith("GET ")).toList());
        Set<String> heads = new TreeSet<>(routed.stream().filter(r -> r.startsWith("HEAD ")).toList());
        assertThat(heads).as("HEAD routes, one for each GET route")
                .containsExactlyInAnyOrderElementsOf(gets.stream().map(r -> "HEAD" + r.substring(3)).toList());
        routed.removeAll(heads);
        assertThat(spec.operations()).as("operations in the description (left) and routes (right)")
                .containsExactlyInAnyOrderElementsOf(routed);
    }

    @Test
    void theDescriptionIsServedAsWritten() {
        JavalinTest.test(app, (server, client) -> {
            Response response = client.get("/api/openapi.json");
            assertThat(response.code()).isEqualTo(200);
            assertThat(Responses.header(response, "Content-Type")).startsWith("application/json");
            assertThat(JSON.readTree(response.body().string())).isEqualTo(spec.document());
        });
    }

    @Test
    void theReferencePageShowsEveryOperationAndSchemaFromTheDescription() {
        JavalinTest.test(app, (server, client) -> {
            Response response = client.get("/api/docs");
            assertThat(response.code()).isEqualTo(200);
            assertThat(Responses.header(response, "Content-Type")).startsWith("text/html");
            String html = response.body().string();
            for (String operation : spec.operations()) {
                String[] parts = operation.split(" ");
                assertThat(html).as(operation).contains("<code>" + parts[0] + " " + parts[1] + "</code>");
            }
            spec.document().path("components").path("schemas").properties().forEach(schema ->
                    assertThat(html).as(schema.getKey()).contains("id=\"schema-" + schema.getKey() + "\""));
            assertThat(html).contains("at most 500 characters", "Retry-After", "href=\"/api/openapi.json\"",
                    "href=\"#schema-TalkSummary\"");
            assertThat(html).as("only the site's own script").containsOnlyOnce("<script");
            assertThat(client.get("/").body().string()).as("linked from every page's footer")
                    .contains("href=\"/api/docs\"");
        });
    }

    @Test
    void everyDescribedEndpointAnswersAsDescribed() {
        long talk = t.longs("SELECT id FROM talk ORDER BY id").get(0);
        JavalinTest.test(app, (server, client) -> {
            Calls calls = new Calls(client);
            calls.get("/api/talks");
            calls.get("/api/talks?q=django&tag=orm&sort=newest");
            calls.get("/api/talks?per_page=2&page=2&more=tag&year_from=2000&year_to=2030");
            calls.get("/api/talks?q=querysetz%20expresions&help=true");
            calls.get("/api/talks?q=django&year=2030&help=true");
            calls.get("/api/talks?year=abc");
            calls.get("/api/talks?speakers=x");
            calls.get("/api/talks?q=a&q=b");
            calls.get("/api/talks/" + talk);
            calls.get("/api/talks/987654321");
            calls.get("/api/talks/abc");
            calls.get("/api/talks/" + talk + "/related");
            calls.get("/api/talks/987654321/related");
            calls.get("/api/suggest?q=ana");
            calls.get("/api/suggest?q=fixconf");
            calls.get("/api/suggest?q=deep%20di");
            calls.get("/api/suggest");
            calls.get("/api/suggest?q=" + "x".repeat(101));
            calls.get("/api/speakers");
            calls.get("/api/speakers?letter=a");
            calls.get("/api/speakers?q=garcia");
            calls.get("/api/speakers?letter=ab");
            calls.get("/api/speakers?letter=a&page=1");
            calls.get("/api/speakers?letter=a&page=0");
            calls.get("/api/speakers/ana-garcia");
            calls.get("/api/speakers/nobody-at-all");
            JsonNode events = calls.get("/api/events");
            calls.get("/api/events?q=%00");
            calls.get("/api/events?page=1");
            calls.get("/api/events?page=2");
            calls.get("/api/events/fixconf-2019");
            calls.get("/api/events/nope");
            String series = events.at("/series/0/slug").asText();
            assertThat(series).isNotEmpty();
            calls.get("/api/series/" + series);
            calls.get("/api/series/nope");
            calls.get("/api/openapi.json");
            calls.get("/api/docs");
            calls.get("/health");
            calls.get("/health?x=%00");
            calls.get("/ready");
            calls.admin("GET", "/api/admin/consistency", TOKEN);
            calls.admin("GET", "/api/admin/consistency", null);
            calls.admin("GET", "/api/admin/consistency", "guess");
            JsonNode reindex = calls.admin("POST", "/api/admin/reindex", TOKEN);
            calls.admin("POST", "/api/admin/reindex", TOKEN); // 409: the first one is still running
            calls.admin("GET", "/api/admin/jobs", TOKEN);
            String job = reindex.path("url").asText();
            calls.admin("GET", job, TOKEN);
            calls.admin("DELETE", job, TOKEN);
            while (calls.admin("GET", job, TOKEN).path("state").asText().equals("running")) {
                Thread.sleep(100);
            }
            calls.admin("DELETE", job, TOKEN); // 409: finished
            calls.admin("GET", "/api/admin/jobs/abc", TOKEN);
            calls.admin("GET", "/api/admin/jobs/987654321", TOKEN);
            String check = calls.admin("POST", "/api/admin/check", TOKEN).path("url").asText();
            while (calls.admin("GET", check, TOKEN).path("state").asText().equals("running")) {
                Thread.sleep(100);
            }
            calls.admin("POST", "/api/admin/reindex", TOKEN);
            String last = calls.admin("GET", "/api/admin/jobs", TOKEN).at("/jobs/0/url").asText();
            while (calls.admin("GET", last, TOKEN).path("state").asText().equals("running")) {
                Thread.sleep(100);
            }
            // transcripts: an upload (and a refused one), its JSON, a search that shows its cues, its removal
            String transcript = "/api/admin/talks/" + talk + "/transcript";
            calls.send("PUT", transcript + "?file_name=spoken.vtt", TOKEN,
                    "WEBVTT\n\n00:00:42.000 --> 00:00:45.000\nTranscribed zeppelin words.\n", "text/vtt");
            calls.send("PUT", transcript + "?format=srt", TOKEN, "1\n00:00:05,000 --> 00:00:0,000\nbad\n",
                    "application/octet-stream");
            calls.send("PUT", "/api/admin/talks/987654321/transcript?format=vtt", TOKEN, "WEBVTT\n", "text/vtt");
            calls.send("PUT", transcript + "?format=vtt", null, "WEBVTT\n", "text/vtt");
            t.publish();
            calls.get("/api/talks/" + talk + "/transcript");
            calls.get("/api/talks/" + talk + "/transcript?q=zeppelin");
            calls.get("/api/talks/987654321/transcript");
            JsonNode said = calls.get("/api/talks?q=zeppelin&transcript=yes");
            assertThat(said.at("/hits/0/transcript/0/url").asText()).endsWith("?t=42");
            calls.get("/api/talks?transcript=perhaps");
            calls.send("DELETE", transcript, TOKEN, null, null);
            calls.send("DELETE", transcript, TOKEN, null, null);
            t.publish();
            // curation: every change is undone or harmless to the class' other tests, which share the fixture
            String title = t.strings("SELECT title FROM talk WHERE id = ?", talk).get(0);
            calls.admin("GET", "/api/admin/talks/" + talk, TOKEN);
            calls.admin("GET", "/api/admin/talks/987654321", TOKEN);
            calls.json("PATCH", "/api/admin/talks/" + talk, TOKEN, JSON.writeValueAsString(Map.of("title", title)));
            calls.json("PATCH", "/api/admin/talks/" + talk, TOKEN, "{\"title\": \"\"}");
            calls.json("PATCH", "/api/admin/talks/" + talk, null, "{}");
            calls.admin("POST", "/api/admin/talks/" + talk + "/hide", TOKEN);
            calls.admin("POST", "/api/admin/talks/" + talk + "/unhide", TOKEN);
            t.archive().reports().report("openapi", "fixconf-2019", "testing-django-apps", "dead_video", "x");
            JsonNode reports = calls.admin("GET", "/api/admin/reports", TOKEN);
            calls.admin("POST", "/api/admin/reports/" + reports.at("/reports/0/id").asLong() + "/resolve", TOKEN);
            calls.admin("POST", "/api/admin/reports/987654321/resolve", TOKEN);
            calls.json("POST", "/api/admin/speakers/merge", TOKEN, "{\"keep\": \"bob-smith\", \"merge\": \"bob-smith\"}");
            calls.json("POST", "/api/admin/speakers/merge", TOKEN, "{\"keep\": \"bob-smith\", \"merge\": \"carol-jones\"}");

            assertThat(calls.problems).as("answers that differ from the description").isEmpty();
            assertThat(calls.answered).as("operations answered with success")
                    .containsExactlyInAnyOrderElementsOf(spec.operations());
            assertThat(calls.statuses).as("error answers met").contains("400", "401", "404", "409");
        });
    }

    @Test
    void adminEndpointsSwitchedOffAnswerAsDescribed() {
        JavalinTest.test(t.archive().web(Optional.empty(), SiteConfig.local(7070)), (server, client) -> {
            Calls calls = new Calls(client);
            calls.admin("GET", "/api/admin/consistency", TOKEN);
            calls.admin("POST", "/api/admin/reindex", TOKEN);
            calls.admin("POST", "/api/admin/check", TOKEN);
            calls.admin("GET", "/api/admin/jobs", TOKEN);
            calls.admin("GET", "/api/admin/jobs/1", TOKEN);
            calls.admin("DELETE", "/api/admin/jobs/1", TOKEN);
            assertThat(calls.statuses).containsOnly("403");
            assertThat(calls.problems).isEmpty();
        });
    }

    /** The check itself must be able to fail: answers that differ from the description are caught. */
    @Test
    void answersThatDifferFromTheDescriptionAreCaught() {
        long talk = t.longs("SELECT id FROM talk ORDER BY id").get(0);
        JavalinTest.test(app, (server, client) -> {
            Response response = client.get("/api/talks/" + talk);
            Map<String, String> headers = Map.of("X-Request-Id", Responses.header(response, "X-Request-Id"),
                    "Content-Type", Responses.header(response, "Content-Type"));
            ObjectNode body = (ObjectNode) JSON.readTree(response.body().string());
            String template = "/api/talks/{id}";
            assertThat(spec.problems("GET", template, 200, headers, body)).isEmpty();

            ObjectNode missing = body.deepCopy();
            missing.remove("videos");
            assertThat(spec.problems("GET", template, 200, headers, missing)).as("a field left out").isNotEmpty();
            ObjectNode extra = body.deepCopy();
            extra.put("rating", 5);
            assertThat(spec.problems("GET", template, 200, headers, extra)).as("an undescribed field").isNotEmpty();
            ObjectNode wrongType = body.deepCopy();
            ((ObjectNode) wrongType.path("summary")).put("id", "one");
            assertThat(spec.problems("GET", template, 200, headers, wrongType)).as("a wrong type").isNotEmpty();
            ObjectNode badDate = body.deepCopy();
            ((ObjectNode) badDate.path("summary")).put("recorded", "May 2019");
            assertThat(spec.problems("GET", template, 200, headers, badDate)).as("a malformed date").isNotEmpty();
            assertThat(spec.problems("GET", template, 418, headers, body)).as("an undescribed status").isNotEmpty();
            assertThat(spec.problems("GET", template, 200, Map.of("Content-Type", "application/json"), body))
                    .as("a missing header").isNotEmpty();
            assertThat(spec.problems("GET", "/api/nothing", 200, headers, body)).as("an undescribed path")
                    .isNotEmpty();
        });
    }

    /** Requests to the running app, each answer checked against the description as it comes. */
    private final class Calls {

        private final HttpClient client;
        private final List<String> problems = new ArrayList<>();
        private final Set<String> answered = new TreeSet<>();
        private final Set<String> statuses = new TreeSet<>();

        Calls(HttpClient client) {
            this.client = client;
        }

        JsonNode get(String url) throws Exception {
            return check("GET", url, client.get(url));
        }

        JsonNode admin(String method, String url, String token) throws Exception {
            Request.Builder request = Responses.method(new Request.Builder().url(client.getOrigin() + url), method, null);
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            return check(method, url, client.request(request.build()));
        }

        JsonNode json(String method, String url, String token, String body) throws Exception {
            return send(method, url, token, body, "application/json");
        }

        JsonNode send(String method, String url, String token, String body, String contentType) throws Exception {
            Request.Builder request = Responses.method(new Request.Builder().url(client.getOrigin() + url), method,
                    body == null ? null : Responses.body(body));
            if (body != null) {
                request.header("Content-Type", contentType);
            }
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            return check(method, url, client.request(request.build()));
        }

        private JsonNode check(String method, String url, Response response) throws Exception {
            String text = response.body().string();
            statuses.add(Integer.toString(response.code()));
            spec.problems(method, url, response, text)
                    .forEach(p -> problems.add(method + " " + url + " (" + response.code() + "): " + p));
            String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
            Optional<String> template = spec.template(path);
            if (template.isEmpty()) {
                return JSON.missingNode();
            }
            if (response.code() < 300) {
                answered.add(method + " " + template.get());
            }
            return String.valueOf(Responses.header(response, "Content-Type")).startsWith("application/json") ? JSON.readTree(text)
                    : JSON.missingNode();
        }
    }
}
