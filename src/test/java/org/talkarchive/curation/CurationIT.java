package org.talkarchive.curation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.talkarchive.admin.Actor;
import org.talkarchive.indexer.ConsistencyCheck;
import org.talkarchive.search.SearchPage;
import org.talkarchive.testing.Fixtures;
import org.talkarchive.testing.RealEngines;
import org.talkarchive.testing.ServedSite;
import org.talkarchive.testing.TestArchive;

/**
 * Curation on the real engines, through HTTP as admins and viewers use it: hiding takes a talk out of search,
 * facets, feeds, downloads, the sitemap and its page, and unhiding brings it back; an edit changes what search
 * finds; a merge moves talks and redirects the old address; viewers' reports are stored, guarded and rate-limited;
 * every action leaves a row in the admin console's audit log with the state before and after, or does not happen.
 */
@ExtendWith(RealEngines.class)
class CurationIT {

    private static final String TOKEN = "curation-token-0123456789abcdefghijklmnop";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestArchive t;
    @AutoClose
    private ServedSite site;
    private final HttpClient http = HttpClient.newHttpClient(); // follows no redirects: they are asserted

    @BeforeEach
    void start(TestArchive archive) {
        t = archive;
        t.importAndPublish(Fixtures.corpus());
        site = ServedSite.start(t, Optional.of(TOKEN));
    }

    private long talkId(String slug) {
        return t.count("SELECT id FROM talk WHERE slug = ?", slug);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(site.url(path))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> admin(String method, String path, String json, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(site.url(path)))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> admin(String method, String path, String json) throws Exception {
        return admin(method, path, json, TOKEN);
    }

    /** A form post as a browser sends it; {@code headers} are name, value pairs. */
    private HttpResponse<String> form(String path, Map<String, String> fields, String... headers) throws Exception {
        String body = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(site.url(path)))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/x-www-form-urlencoded");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private static List<String> titles(SearchPage page) {
        return page.hits().stream().map(h -> h.talk().title()).toList();
    }

    private static long facetCount(SearchPage page, String field, String value) {
        return page.facets().stream().filter(f -> f.field().param().equals(field)).flatMap(f -> f.values().stream())
                .filter(v -> v.value().equals(value)).mapToLong(SearchPage.FacetValue::count).sum();
    }

    @Test
    void hidingTakesATalkOutOfEverythingViewersSeeAndUnhidingBringsItBack() throws Exception {
        long id = talkId("testing-django-apps");
        String title = "Testing Django apps with pytest";
        String path = "/talks/fixconf-2019/testing-django-apps";
        long taggedTesting = facetCount(t.search(), "tag", "testing");
        assertThat(titles(t.search("q", "pytest"))).contains(title);
        assertThat(get("/sitemap.xml").body()).contains(path);

        HttpResponse<String> hidden = admin("POST", "/api/admin/talks/" + id + "/hide", null);
        assertThat(hidden.statusCode()).isEqualTo(200);
        assertThat(json(hidden).path("hidden").asBoolean()).isTrue();

        // PostgreSQL is the truth: the page is gone at once, before anything is published
        HttpResponse<String> page = get(path);
        assertThat(page.statusCode()).isEqualTo(410);
        assertThat(page.body()).contains("No longer available");
        assertThat(page.headers().firstValue("Cache-Control")).as("browsers would keep a 410 forever")
                .hasValue("no-cache");
        assertThat(get("/api/talks/" + id).statusCode()).isEqualTo(404);
        assertThat(get("/sitemap.xml").body()).doesNotContain(path);
        assertThat(get("/speakers/ana-garcia").body()).doesNotContain(title);

        t.publish(); // what the background sync does within its polling interval
        SearchPage search = t.search("q", "pytest");
        assertThat(titles(search)).doesNotContain(title).isNotEmpty();
        assertThat(facetCount(t.search(), "tag", "testing")).isEqualTo(taggedTesting - 1);
        assertThat(get("/feed.atom?q=pytest").body()).doesNotContain(title);
        assertThat(get("/export/talks.csv?q=pytest").body()).doesNotContain(title);
        assertThat(get("/export/talks.json?tag=testing").body()).doesNotContain(title);
        ConsistencyCheck.Report consistency = t.archive().consistency().check(50);
        assertThat(consistency.consistent()).as(consistency.summary()).isTrue();
        // still there for the admin, who can unhide it
        assertThat(json(admin("GET", "/api/admin/talks/" + id, null)).path("hidden").asBoolean()).isTrue();

        assertThat(json(admin("POST", "/api/admin/talks/" + id + "/unhide", null)).path("hidden").asBoolean())
                .isFalse();
        t.publish();
        assertThat(titles(t.search("q", "pytest"))).contains(title);
        assertThat(facetCount(t.search(), "tag", "testing")).isEqualTo(taggedTesting);
        assertThat(get(path).statusCode()).isEqualTo(200);
        assertThat(get("/sitemap.xml").body()).contains(path);
        assertThat(get("/feed.atom?q=pytest").body()).contains(title);

        assertThat(t.strings("SELECT action || ' ' || (before->>'hidden') || '>' || (after->>'hidden')"
                + " || ' ' || actor || ' ' || subject FROM admin_audit ORDER BY id"))
                .containsExactly("talk.hide false>true admin token talk " + id,
                        "talk.unhide true>false admin token talk " + id);
    }

    @Test
    void aSpeakerWhoseOnlyTalkIsHiddenIsListedNowhere() throws Exception {
        assertThat(get("/speakers?letter=l").body()).contains("/speakers/lukasz-nowak");
        long anaTalks = json(get("/api/speakers/ana-garcia")).path("talk_count").asLong();
        admin("POST", "/api/admin/talks/" + talkId("python-en-espanol") + "/hide", null);
        admin("POST", "/api/admin/talks/" + talkId("django-orm-deep-dive") + "/hide", null);

        assertThat(get("/speakers?letter=l").body()).doesNotContain("/speakers/lukasz-nowak");
        assertThat(get("/sitemap.xml").body()).doesNotContain("/speakers/lukasz-nowak");
        JsonNode ana = json(get("/api/speakers/ana-garcia"));
        assertThat(ana.path("talk_count").asLong()).isEqualTo(anaTalks - 1);
        assertThat(ana.path("co_speakers").toString()).as("Bob Smith spoke with her only in the hidden talk")
                .doesNotContain("bob-smith");
        assertThat(ana.path("years").toString()).doesNotContain("2021");
    }

    @Test
    void anEditChangesWhatSearchFindsAndBadInputIsRefusedWithAReason() throws Exception {
        long id = talkId("async-views");
        HttpResponse<String> edited = admin("PATCH", "/api/admin/talks/" + id,
                "{\"title\": \"Asynchronous views with Hypothesis\", \"tags\": [\"Hypothesis\", \"django\", \"HYPOTHESIS\"]}");
        assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
        assertThat(json(edited).path("title").asText()).isEqualTo("Asynchronous views with Hypothesis");
        // an existing tag keeps the display name the corpus voted for; a new one takes the first spelling
        assertThat(json(edited).path("tags").toString()).isEqualTo("[\"Django\",\"Hypothesis\"]");
        assertThat(json(edited).path("description").isNull()).as("left as it was").isFalse();

        t.publish();
        SearchPage found = t.search("q", "hypothesis");
        assertThat(titles(found)).containsExactly("Asynchronous views with Hypothesis");
        assertThat(facetCount(t.search(), "tag", "hypothesis")).isEqualTo(1);
        assertThat(titles(t.search("tag", "async"))).as("the tag it lost").isEmpty();
        assertThat(get("/talks/fixconf-2019/async-views").body()).contains("Asynchronous views with Hypothesis");

        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("{\"title\": \"   \"}", "title");
        refused.put("{\"title\": \"" + "x".repeat(301) + "\"}", "title");
        refused.put("{\"title\": \"a\\u0000b\"}", "title");
        refused.put("{\"description\": \"" + "d".repeat(20_001) + "\"}", "description");
        refused.put("{\"tags\": [\"" + "t".repeat(61) + "\"]}", "tags");
        refused.put("{\"rating\": 5}", "body");
        refused.put("not json", "body");
        for (var bad : refused.entrySet()) {
            HttpResponse<String> response = admin("PATCH", "/api/admin/talks/" + id, bad.getKey());
            assertThat(response.statusCode()).as(bad.getKey()).isEqualTo(400);
            assertThat(json(response).path("parameter").asText()).as(bad.getKey()).isEqualTo(bad.getValue());
            assertThat(json(response).path("reason").asText()).isNotBlank();
        }
        assertThat(admin("PATCH", "/api/admin/talks/987654", "{\"title\": \"x\"}").statusCode()).isEqualTo(404);
        assertThat(admin("PATCH", "/api/admin/talks/" + id, "{\"title\": \"x\"}", null).statusCode()).isEqualTo(401);
        assertThat(admin("PATCH", "/api/admin/talks/" + id, "{\"title\": \"x\"}", "guess").statusCode())
                .isEqualTo(401);

        assertThat(t.strings("SELECT (before->>'title') || ' > ' || (after->>'title') FROM admin_audit"
                + " WHERE action = 'talk.edit'"))
                .as("one row for the one edit that was made").containsExactly("Async views in practice > Asynchronous"
                        + " views with Hypothesis");
        assertThat(t.strings("SELECT (before->'tags')::text || ' > ' || (after->'tags')::text FROM admin_audit"))
                .containsExactly("[\"Async\", \"Django\"] > [\"Django\", \"Hypothesis\"]");
    }

    @Test
    void aMergeMovesTheTalksKeepsTheNameAsAnAliasAndRedirectsTheOldAddress() throws Exception {
        long pair = talkId("pair-programming");
        assertThat(get("/speakers/carol-jones").statusCode()).isEqualTo(200);

        HttpResponse<String> merged = admin("POST", "/api/admin/speakers/merge",
                "{\"keep\": \"bob-smith\", \"merge\": \"carol-jones\"}");
        assertThat(merged.statusCode()).as(merged.body()).isEqualTo(200);
        JsonNode after = json(merged).path("after");
        assertThat(after.path("slug").asText()).isEqualTo("bob-smith");
        assertThat(after.path("aliases").toString()).contains("Carol Jones");
        assertThat(after.path("alias_slugs").toString()).contains("carol-jones");

        HttpResponse<String> old = get("/speakers/carol-jones");
        assertThat(old.statusCode()).isEqualTo(301);
        assertThat(old.headers().firstValue("Location")).hasValue("/speakers/bob-smith");
        // the talk both gave together keeps its one speaker once
        assertThat(t.longs("SELECT talk_id FROM talk_speaker ts JOIN speaker s ON s.id = ts.speaker_id"
                + " WHERE s.slug = 'bob-smith' ORDER BY talk_id")).contains(pair).doesNotHaveDuplicates();
        assertThat(t.count("SELECT count(*) FROM speaker WHERE slug = 'carol-jones'")).isZero();

        // a talk of the merged speaker alone moves over and is republished under the kept one
        HttpResponse<String> second = admin("POST", "/api/admin/speakers/merge",
                "{\"keep\": \"ana-garcia\", \"merge\": \"lukasz-nowak\"}");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        t.publish();
        assertThat(titles(t.search("speaker", "ana-garcia"))).contains("Python en español: pruebas con pytest");
        assertThat(titles(t.search("q", "lukasz nowak"))).as("the old name, now an alias, still finds the talk")
                .contains("Python en español: pruebas con pytest");
        assertThat(facetCount(t.search(), "speaker", "lukasz-nowak")).isZero();
        assertThat(get("/speakers/lukasz-nowak").headers().firstValue("Location")).hasValue("/speakers/ana-garcia");

        assertThat(admin("POST", "/api/admin/speakers/merge", "{\"keep\": \"ana-garcia\", \"merge\": \"ana-garcia\"}")
                .statusCode()).isEqualTo(400);
        assertThat(admin("POST", "/api/admin/speakers/merge", "{\"keep\": \"ana-garcia\", \"merge\": \"nobody\"}")
                .statusCode()).isEqualTo(404);
        assertThat(t.strings("SELECT (before->'merged'->>'name') || ' > ' || (after->>'name') FROM admin_audit"
                + " WHERE action = 'speaker.merge' ORDER BY id"))
                .containsExactly("Carol Jones > Bob Smith", "Łukasz Nowak > Ana García");
    }

    @Test
    void reportsAreStoredOnlyFromTheSitesOwnPagesRateLimitedAndResolvable() throws Exception {
        String talk = "/talks/fixconf-2019/testing-django-apps";
        Map<String, String> deadVideo = Map.of("kind", "dead_video", "note", "The video stops after a minute");

        HttpResponse<String> sent = form(talk + "/report", deadVideo, "Sec-Fetch-Site", "same-origin");
        assertThat(sent.statusCode()).isEqualTo(303);
        assertThat(sent.headers().firstValue("Location")).hasValue(talk + "/reported");
        assertThat(get(talk + "/reported").body()).contains("Thank you");
        assertThat(form(talk + "/report", deadVideo, "Origin", site.base()).statusCode())
                .as("Origin without fetch metadata").isEqualTo(303);
        assertThat(t.strings("SELECT kind || ': ' || note FROM problem_report")).containsExactly(
                "dead_video: The video stops after a minute", "dead_video: The video stops after a minute");

        assertThat(form(talk + "/report", deadVideo, "Sec-Fetch-Site", "cross-site").statusCode()).isEqualTo(403);
        assertThat(form(talk + "/report", deadVideo, "Origin", "https://evil.example").statusCode()).isEqualTo(403);
        assertThat(form(talk + "/report", deadVideo).statusCode()).as("neither header").isEqualTo(403);
        assertThat(form(talk + "/report", Map.of("kind", "dead_video", "website", "http://spam.example"),
                "Sec-Fetch-Site", "same-origin").statusCode()).as("the honeypot: thanked, not stored").isEqualTo(303);
        assertThat(form(talk + "/report", Map.of("kind", "rude"), "Sec-Fetch-Site", "same-origin").statusCode())
                .isEqualTo(400);
        assertThat(form(talk + "/report", Map.of("kind", "other", "note", "n".repeat(1001)), "Sec-Fetch-Site",
                "same-origin").statusCode()).isEqualTo(400);
        assertThat(form("/talks/fixconf-2019/nope/report", deadVideo, "Sec-Fetch-Site", "same-origin").statusCode())
                .isEqualTo(404);
        assertThat(t.count("SELECT count(*) FROM problem_report")).isEqualTo(2);

        // five at once per address (one went to the talk that does not exist), then the allowance is spent
        assertThat(form(talk + "/report", Map.of("kind", "wrong_title"), "Sec-Fetch-Site", "same-origin")
                .statusCode()).isEqualTo(303);
        assertThat(form(talk + "/report", Map.of("kind", "wrong_speaker"), "Sec-Fetch-Site", "same-origin")
                .statusCode()).isEqualTo(303);
        HttpResponse<String> limited = form(talk + "/report", Map.of("kind", "other"), "Sec-Fetch-Site",
                "same-origin");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(t.count("SELECT count(*) FROM problem_report")).isEqualTo(4);

        JsonNode open = json(admin("GET", "/api/admin/reports", null)).path("reports");
        assertThat(open).hasSize(4);
        assertThat(open.get(0).path("talk_path").asText()).isEqualTo(talk);
        assertThat(open.get(0).path("kind_label").asText()).isEqualTo("The video does not play");
        long first = open.get(0).path("id").asLong();
        HttpResponse<String> resolved = admin("POST", "/api/admin/reports/" + first + "/resolve", null);
        assertThat(resolved.statusCode()).isEqualTo(200);
        assertThat(json(resolved).path("resolved_by").asText()).isEqualTo("admin token");
        assertThat(json(admin("GET", "/api/admin/reports", null)).path("reports")).hasSize(3);
        assertThat(admin("POST", "/api/admin/reports/" + first + "/resolve", null).statusCode()).isEqualTo(400);
        assertThat(admin("POST", "/api/admin/reports/987654/resolve", null).statusCode()).isEqualTo(404);
        assertThat(t.strings("SELECT ((before->>'resolved_at') IS NULL AND (after->>'resolved_at') IS NOT NULL)::text"
                + " FROM admin_audit WHERE action = 'report.resolve' AND subject = 'report " + first + "'"))
                .containsExactly("true");

        // a hidden talk takes no reports
        admin("POST", "/api/admin/talks/" + talkId("pair-programming") + "/hide", null);
        ProblemReports fresh = new ProblemReports(t.jdbi(), t.archive().audit(), new ReportAllowance(
                new ReportRateLimiter(java.time.Clock.systemUTC(), 1, java.time.Duration.ofMinutes(1), 10),
                new ReportRateLimiter(java.time.Clock.systemUTC(), 10, java.time.Duration.ofMinutes(1), 1)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> fresh.report("someone", "fixconf-2019",
                "pair-programming", "other", "")).isInstanceOf(CurationNotFoundException.class);
    }

    @Test
    void anActionAndItsAuditRecordCommitTogether() throws Exception {
        long id = talkId("async-views");
        TalkEditing editing = t.archive().editing();
        // the audit log refuses every write, as a full disk or a broken table would
        try (Connection c = t.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE admin_audit ADD CONSTRAINT audit_unavailable CHECK (false) NOT VALID");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> editing.hide(Actor.session("0123abcd"), id))
                .hasMessageContaining("audit_unavailable");
        assertThat(t.count("SELECT count(*) FROM talk WHERE id = ? AND hidden", id)).as("rolled back").isZero();
        assertThat(t.count("SELECT count(*) FROM admin_audit")).isZero();
        try (Connection c = t.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE admin_audit DROP CONSTRAINT audit_unavailable");
        }

        editing.hide(Actor.session("0123abcd"), id);
        assertThat(t.archive().audit().latest(10)).singleElement().satisfies(entry -> {
            assertThat(entry.actor()).isEqualTo("session 0123abcd");
            assertThat(entry.action()).isEqualTo("talk.hide");
            assertThat(entry.subject()).isEqualTo("talk " + id);
            assertThat(entry.before().path("hidden").asBoolean()).isFalse();
            assertThat(entry.after().path("hidden").asBoolean()).isTrue();
        });
        assertThat(t.count("SELECT count(*) FROM talk WHERE id = ? AND hidden", id)).isOne();
    }
}
