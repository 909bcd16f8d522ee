package org.talkarchive.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import io.javalin.testtools.Request;
import io.javalin.testtools.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.talkarchive.config.SiteConfig;
import org.talkarchive.talks.PagePaths;
import org.talkarchive.testing.Fixtures;
import org.talkarchive.testing.RealEngines;
import org.talkarchive.testing.TestArchive;
import static org.talkarchive.testing.Responses.header;

@ExtendWith(RealEngines.class)
class HttpApiIT {

    private static final String TOKEN = "s3cret-token-0123456789abcdefghijklmnop";

    private static final ObjectMapper JSON = new ObjectMapper();

    // One imported and published fixture for the whole class: the tests only read it (a reindex rebuilds the same).
    private static TestArchive t;
    private Javalin app;

    @BeforeAll
    static void load(TestArchive archive) {
        t = archive;
        t.importCorpus(Fixtures.corpus());
        t.update("UPDATE talk SET title = '<script>alert(1)</script> Async views' WHERE slug = 'async-views'");
        t.archive().ensureIndex();
        t.publish();
    }

    @BeforeEach
    void serve() {
        app = t.archive().web(Optional.of(TOKEN), SiteConfig.local(7070));
    }

    private static JsonNode json(Response response) throws Exception {
        return JSON.readTree(response.body().string());
    }

    @Test
    void searchApiReturnsHitsFacetsAndTotals() {
        JavalinTest.test(app, (server, client) -> {
            Response response = client.get("/api/talks?q=django&tag=orm");
            assertThat(response.code()).isEqualTo(200);
            JsonNode body = json(response);
            assertThat(body.path("total").asInt()).isEqualTo(1);
            assertThat(body.at("/hits/0/talk/slug").asText()).isEqualTo("django-orm-deep-dive");
            assertThat(body.at("/hits/0/talk/speakers/0/name").asText()).isEqualTo("Ana García");
            assertThat(body.path("facets").findValuesAsText("name")).contains("event", "year", "speaker", "tag", "language");
        });
    }

    @Test
    void badParametersGet400WithTheParameterNamed() {
        JavalinTest.test(app, (server, client) -> {
            for (String[] c : new String[][] {{"year=twenty", "year"}, {"page=0", "page"}, {"sort=best", "sort"},
                    {"per_page=1000", "per_page"}, {"year_from=2020&year_to=2010", "year_from"}, {"speakers=x", "speakers"},
                    {"q=django&literal=maybe", "literal"}, {"q=django&literal=true&literal=false", "literal"},
                    {"q=django&help=1", "help"}}) {
                Response response = client.get("/api/talks?" + c[0]);
                assertThat(response.code()).as(c[0]).isEqualTo(400);
                JsonNode body = json(response);
                assertThat(body.path("error").asText()).isEqualTo("invalid_parameter");
                assertThat(body.path("parameter").asText()).as(c[0]).isEqualTo(c[1]);
                assertThat(body.path("reason").asText()).isNotBlank();
            }
            assertThat(client.get("/api/talks/abc").code()).isEqualTo(400);
            assertThat(client.get("/?page=-1").code()).isEqualTo(400);
            assertThat(client.get("/?q=django&literal=yes").code()).isEqualTo(400);
            assertThat(client.get("/api/talks?q=django&literal=false&help=false").code()).isEqualTo(200);
            // the indexes' pages: the sample's events and speakers under a letter fit on page 1
            for (String path : List.of("/api/events?page=0", "/api/events?page=2", "/api/events?page=x",
                    "/api/speakers?page=0", "/api/speakers?letter=b&page=2", "/api/speakers?q=garc&page=1e3")) {
                Response response = client.get(path);
                assertThat(response.code()).as(path).isEqualTo(400);
                JsonNode body = json(response);
                assertThat(body.path("parameter").asText()).as(path).isEqualTo("page");
                assertThat(body.path("reason").asText()).as(path).isNotBlank();
            }
        });
    }

    @Test
    void unknownThingsAre404() {
        JavalinTest.test(app, (server, client) -> {
            Response talk = client.get("/api/talks/987654321");
            assertThat(talk.code()).isEqualTo(404);
            assertThat(json(talk).path("error").asText()).contains("987654321");
            assertThat(client.get("/speakers/nobody-at-all").code()).isEqualTo(404);
            assertThat(client.get("/talks/fixconf-2019/nope").code()).isEqualTo(404);
            assertThat(client.get("/api/events/nope").code()).isEqualTo(404);
            assertThat(client.delete("/api/no-such-thing").code()).isEqualTo(404);
        });
    }

    @Test
    void aKnownPathWithAnotherMethodIs405() {
        JavalinTest.test(app, (server, client) -> {
            for (Response search : List.of(client.delete("/api/talks?q=django"), client.put("/api/talks?q=django"),
                    client.patch("/api/talks?q=django"))) {
                assertThat(search.code()).isEqualTo(405);
                assertThat(search.headers().get("Allow")).as("what the path takes").singleElement().asString()
                        .contains("GET").doesNotContain("DELETE");
                JsonNode body = json(search);
                assertThat(body.path("error").asText()).isNotBlank();
                assertThat(body.path("request_id").asText()).isNotBlank();
            }
            Response page = client.delete("/");
            assertThat(page.code()).isEqualTo(405);
            assertThat(page.headers().get("Content-Type")).singleElement().asString().startsWith("text/html");
        });
    }

    /** HEAD answers as GET would, status and Content-Type included, without the body. */
    @Test
    void headAnswersWithTheStatusAndHeadersOfGetAndNoBody() {
        JavalinTest.test(app, (server, client) -> {
            HttpClient http = HttpClient.newHttpClient();
            for (String[] c : new String[][] {
                    {"/api/talks?q=django", "200", "application/json"},
                    {"/", "200", "text/html"},
                    {"/talks/fixconf-2019/testing-django-apps", "200", "text/html"},
                    {"/api/talks/999999999", "404", "application/json"},
                    {"/talks/fixconf-2019/no-such-talk", "404", "text/html"},
                    {"/health", "200", "application/json"}}) {
                URI uri = URI.create("http://localhost:" + server.port() + c[0]);
                HttpResponse<String> get = http.send(HttpRequest.newBuilder(uri).build(),
                        HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> head = http.send(HttpRequest.newBuilder(uri)
                        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(get.statusCode()).as("GET " + c[0]).isEqualTo(Integer.parseInt(c[1]));
                assertThat(head.statusCode()).as("HEAD " + c[0]).isEqualTo(get.statusCode());
                assertThat(head.headers().firstValue("Content-Type")).as("HEAD " + c[0]).get().asString()
                        .startsWith(c[2]).isEqualTo(get.headers().firstValue("Content-Type").orElseThrow());
                assertThat(head.body()).as("HEAD " + c[0]).isEmpty();
                assertThat(get.body()).as("GET " + c[0]).isNotEmpty();
            }
        });
    }

    @Test
    void pathsInOtherLetterCaseRedirectToTheCanonicalOne() {
        JavalinTest.test(app, (server, client) -> {
            HttpClient http = HttpClient.newHttpClient(); // does not follow redirects: the 301 itself is checked
            String base = "http://localhost:" + server.port();
            for (String[] c : new String[][] {
                    {"/talks/FixConf-2019/Testing-Django-Apps?t=30", "/talks/fixconf-2019/testing-django-apps?t=30"},
                    {"/speakers/Ana-Garcia", "/speakers/ana-garcia"},
                    {"/events/FIXCONF-2021", "/events/fixconf-2021"}}) {
                HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(base + c[0])).build(),
                        HttpResponse.BodyHandlers.discarding());
                assertThat(answer.statusCode()).as(c[0]).isEqualTo(301);
                assertThat(answer.headers().firstValue("Location")).as(c[0]).contains(c[1]);
            }
            // JavalinTest's client (Java's HttpClient) does not follow redirects: one that does
            HttpClient following = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
            assertThat(following.send(HttpRequest.newBuilder(URI.create(base + "/talks/FixConf-2019/Testing-Django-Apps"))
                            .build(), HttpResponse.BodyHandlers.ofString()).body())
                    .as("followed, the redirect ends on the talk").contains("Testing Django apps with pytest");
            assertThat(client.get("/talks/FIXCONF-2019/nope").code()).isEqualTo(404);
            assertThat(client.get("/speakers/Nobody-At-All").code()).isEqualTo(404);
        });
    }

    @Test
    void aSearchThatFindsNothingOffersWaysForward() {
        JavalinTest.test(app, (server, client) -> {
            // description words, misspelt beyond what the engine forgives there
            JsonNode misspelt = json(client.get("/api/talks?q=querysetz%20expresions&help=true"));
            assertThat(misspelt.path("total").asLong()).isZero();
            assertThat(misspelt.at("/help/did_you_mean").asText()).isEqualTo("querysets expressions");
            assertThat(json(client.get("/api/talks?q=querysets%20expressions")).path("total").asLong())
                    .as("the suggestion finds the talk").isEqualTo(1);
            String page = client.get("/?q=querysetz%20expresions").body().string();
            assertThat(page).contains("id=\"did-you-mean\"", "href=\"/?q=querysets%20expressions\"");

            JsonNode filtered = json(client.get("/api/talks?q=django&year=2030&help=true"));
            assertThat(filtered.path("total").asLong()).isZero();
            assertThat(filtered.at("/help/did_you_mean").isNull()).as("every word is known").isTrue();
            assertThat(filtered.at("/help/without_filters").asLong())
                    .isEqualTo(json(client.get("/api/talks?q=django")).path("total").asLong()).isPositive();
            assertThat(client.get("/?q=django&year=2030").body().string())
                    .contains("id=\"without-filters\"", "href=\"/?q=django\"");

            assertThat(json(client.get("/api/talks?q=django&help=true")).path("help").isNull())
                    .as("no help when something matched").isTrue();
            assertThat(json(client.get("/api/talks?q=querysetz%20expresions")).path("help").isNull())
                    .as("API clients ask for it").isTrue();
        });
    }

    @Test
    void pastingAVideoLinkFindsItsTalk() {
        JavalinTest.test(app, (server, client) -> {
            // stored as youtube.com/watch?v=…; pasted in other forms
            for (String pasted : List.of("https://youtu.be/aaaaaaaaaaa?t=42", "youtube.com/watch?v=aaaaaaaaaaa")) {
                JsonNode body = json(client.get("/api/talks?q=" + PagePaths.encode(pasted)));
                assertThat(body.path("total").asLong()).as(pasted).isEqualTo(1);
                assertThat(body.path("hits").get(0).path("talk").path("slug").asText()).isEqualTo("testing-django-apps");
                assertThat(body.path("query").path("q").get(0).asText()).as("the box keeps what was pasted")
                        .isEqualTo(pasted);
            }
            assertThat(json(client.get("/api/talks?q=" + PagePaths.encode("https://youtu.be/zzzzzzzzzzz")))
                    .path("total").asLong()).as("a video we do not have finds nothing").isZero();
            String page = client.get("/?q=" + PagePaths.encode("https://youtu.be/aaaaaaaaaaa")).body().string();
            assertThat(page).contains("Testing Django apps with pytest", "1 talk");
        });
    }

    @Test
    void searchPageListsTalksFromTheDatabaseEscaped() {
        JavalinTest.test(app, (server, client) -> {
            Response response = client.get("/?q=async");
            assertThat(response.code()).isEqualTo(200);
            String html = response.body().string();
            assertThat(html).contains("&lt;script&gt;").doesNotContain("<script>alert(1)")
                    .contains("href=\"/talks/fixconf-2019/async-views\"")
                    .contains("href=\"/api/talks?q=async&amp;help=true\"")
                    .contains("role=\"status\"");
            String all = client.get("/?q=").body().string();
            assertThat(all).contains("A deep dive into the Django ORM", "Pair programming across time zones",
                    "Python en español: pruebas con pytest", "5 talks");
        });
    }

    @Test
    void talkSpeakerAndEventPages() {
        JavalinTest.test(app, (server, client) -> {
            String talk = client.get("/talks/fixconf-2019/testing-django-apps").body().string();
            assertThat(talk).contains("Testing Django apps with pytest", "<strong>Django</strong>",
                    "href=\"https://docs.pytest.org\"", "href=\"/speakers/ana-garcia\"").doesNotContain("<script>alert");
            String speaker = client.get("/speakers/ana-garcia").body().string();
            assertThat(speaker).contains("<h1>Ana García</h1>", "3 talks");
            String event = client.get("/events/fixconf-2021").body().string();
            assertThat(event).contains("FixConf 2021", "2 talks");
            JsonNode api = json(client.get("/api/speakers/ana-garcia"));
            assertThat(api.path("talk_count").asInt()).isEqualTo(3);
            assertThat(api.path("aliases").get(0).asText()).isEqualTo("ana garcía");
        });
    }

    @Test
    void csvDownloadHasEveryMatchingTalkNotJustAPage() {
        JavalinTest.test(app, (server, client) -> {
            Response response = client.get("/export/talks.csv?tag=django&per_page=1&sort=oldest");
            assertThat(response.code()).isEqualTo(200);
            assertThat(header(response, "Content-Type")).startsWith("text/csv");
            assertThat(header(response, "Content-Disposition")).contains("talks.csv");
            String body = response.body().string();
            assertThat(body.lines().findFirst()).contains("id,title,speakers,event,event_title,recorded,"
                    + "duration_seconds,language,tags,url,video_url,description");
            // records, not lines: a description's paragraphs stay inside its quoted cell
            List<org.apache.commons.csv.CSVRecord> rows = org.apache.commons.csv.CSVFormat.RFC4180.builder()
                    .setHeader().setSkipHeaderRecord(true).get().parse(new java.io.StringReader(body)).getRecords();
            long django = t.count("SELECT count(*) FROM talk_tag tt JOIN tag g ON g.id = tt.tag_id WHERE g.name = 'django'");
            assertThat(rows).hasSize((int) django);
            assertThat(String.join(",", rows.get(0).values())).contains("Testing Django apps with pytest", "Ana García",
                    "fixconf-2019", "2019-05-01", "1800", "eng", "Django; Testing",
                    "/talks/fixconf-2019/testing-django-apps", "https://www.youtube.com/watch?v=aaaaaaaaaaa");
        });
    }

    @Test
    void jsonDownloadIsAnArrayOfEveryMatchingTalk() {
        JavalinTest.test(app, (server, client) -> {
            Response response = client.get("/export/talks.json?q=django");
            assertThat(response.code()).isEqualTo(200);
            JsonNode body = json(response);
            assertThat(body.isArray()).isTrue();
            assertThat((long) body.size()).isEqualTo(t.archive().search().search(
                    org.talkarchive.search.TalkQuery.all().withText("django")).total());
            assertThat(body.findValuesAsText("slug")).contains("django-orm-deep-dive");
            assertThat(client.get("/export/talks.json?year=abc").code()).isEqualTo(400);
        });
    }

    @Test
    void atomFeedOfASpeakerNewestFirst() {
        JavalinTest.test(app, (server, client) -> {
            Response response = client.get("/feed.atom?speaker=ana-garcia");
            assertThat(response.code()).isEqualTo(200);
            assertThat(header(response, "Content-Type")).startsWith("application/atom+xml");
            String xml = response.body().string();
            assertThat(xml).contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">", "speaker Ana García");
            List<String> titles = java.util.regex.Pattern.compile("<entry><title>([^<]*)</title>").matcher(xml)
                    .results().map(m -> m.group(1)).toList();
            assertThat(titles).containsExactly("A deep dive into the Django ORM",
                    "&lt;script&gt;alert(1)&lt;/script&gt; Async views", "Testing Django apps with pytest");
            assertThat(client.get("/").body().string()).contains("type=\"application/atom+xml\"");
        });
    }

    @Test
    void suggestionsNameTalksSpeakersAndEvents() {
        JavalinTest.test(app, (server, client) -> {
            JsonNode body = json(client.get("/api/suggest?q=ana"));
            assertThat(body.path("suggestions").findValuesAsText("kind")).contains("SPEAKER");
            assertThat(body.path("suggestions").findValuesAsText("url")).contains("/speakers/ana-garcia");
            JsonNode events = json(client.get("/api/suggest?q=fixconf"));
            assertThat(events.path("suggestions").findValuesAsText("url"))
                    .contains("/events/fixconf-2021", "/events/fixconf-2019");
            JsonNode talks = json(client.get("/api/suggest?q=deep%20di"));
            assertThat(talks.path("suggestions").findValuesAsText("url"))
                    .contains("/talks/fixconf-2021/django-orm-deep-dive");
            assertThat(json(client.get("/api/suggest?q=%25_")).path("suggestions")).isEmpty();
            // a typo in a complete word, in a word before the one being typed, in a speaker's and an event's name
            assertThat(json(client.get("/api/suggest?q=djnago")).path("suggestions").findValuesAsText("url"))
                    .contains("/talks/fixconf-2021/django-orm-deep-dive");
            assertThat(json(client.get("/api/suggest?q=deap%20di")).path("suggestions").findValuesAsText("url"))
                    .contains("/talks/fixconf-2021/django-orm-deep-dive");
            assertThat(json(client.get("/api/suggest?q=ana%20garzia")).path("suggestions").findValuesAsText("url"))
                    .contains("/speakers/ana-garcia");
            assertThat(json(client.get("/api/suggest?q=fixcnof")).path("suggestions").findValuesAsText("url"))
                    .contains("/events/fixconf-2021");
            assertThat(client.get("/api/suggest?q=" + "x".repeat(101)).code()).isEqualTo(400);
        });
    }

    @Test
    void searchesSayWhereTheirTimeWent() {
        JavalinTest.test(app, (server, client) -> {
            Response response = client.get("/api/talks?q=django");
            String timing = header(response, "Server-Timing");
            assertThat(timing).matches("engine;dur=[0-9.]+, engine-took;dur=[0-9]+, hydrate;dur=[0-9.]+");
            assertThat(json(response).has("timings")).as("timings stay out of the JSON").isFalse();
            assertThat(header(client.get("/?q=django"), "Server-Timing")).startsWith("engine;dur=");
        });
    }

    @Test
    void adminOperationsNeedTheToken() {
        JavalinTest.test(app, (server, client) -> {
            assertThat(client.post("/api/admin/reindex").code()).isEqualTo(401);
            Response wrong = client.request(new Request.Builder().url(client.getOrigin() + "/api/admin/reindex")
                    .header("Authorization", "Bearer guess").post(HttpRequest.BodyPublishers.noBody()).build());
            assertThat(wrong.code()).isEqualTo(401);
            Response ok = client.request(new Request.Builder().url(client.getOrigin() + "/api/admin/reindex")
                    .header("Authorization", "Bearer " + TOKEN).post(HttpRequest.BodyPublishers.noBody()).build());
            assertThat(ok.code()).isEqualTo(202);
            String location = header(ok, "Location");
            JsonNode job = json(ok);
            for (long deadline = System.nanoTime() + 60_000_000_000L;
                 job.path("state").asText().equals("running") && System.nanoTime() < deadline; Thread.sleep(100)) {
                job = json(client.request(new Request.Builder().url(client.getOrigin() + location)
                        .header("Authorization", "Bearer " + TOKEN).build()));
            }
            assertThat(job.path("state").asText()).isEqualTo("done");
            assertThat(job.path("result").path("documents").asInt()).isEqualTo(5);
            Response check = client.request(new Request.Builder().url(client.getOrigin() + "/api/admin/consistency")
                    .header("Authorization", "Bearer " + TOKEN).build());
            assertThat(json(check).path("missing_from_index")).isEmpty();
        });
    }

    @Test
    void adminOperationsAreOffWithoutAConfiguredToken() {
        JavalinTest.test(t.archive().web(Optional.empty(), SiteConfig.local(7070)), (server, client) -> {
            assertThat(client.post("/api/admin/reindex").code()).isEqualTo(403);
        });
    }
}
