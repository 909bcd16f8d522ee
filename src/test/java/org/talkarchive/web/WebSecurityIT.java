package org.talkarchive.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import io.javalin.testtools.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.talkarchive.config.SiteConfig;
import org.talkarchive.importer.ImportReport;
import org.talkarchive.importer.SampleCorpus;
import org.talkarchive.talks.PagePaths;
import org.talkarchive.testing.RealEngines;
import org.talkarchive.testing.TestArchive;
import org.talkarchive.text.Names;
import org.w3c.dom.Document;
import static org.talkarchive.testing.Responses.header;

/**
 * What an attacker or a careless record can do to the site: headers, links built from data, bad bytes in
 * requests, feeds, and videos from hosts nobody vetted. On the 30-talk sample plus one crafted talk.
 */
@ExtendWith(RealEngines.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // the tests only read: one import serves them all
class WebSecurityIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PUBLIC_URL = "https://talks.example.org";
    private static final List<String> ODD_TAGS = List.of("c++", "#python", "a&b", "50%", "日本語", "Ελληνικά",
            "x=1;y", "what?");
    private static final String CRAFTED_TITLE = "Crafted\u0001 talk\u0007 with <b>markup</b> & \u001b[31m escapes";

    private TestArchive t;
    private Javalin app;
    private ImportReport report;

    @BeforeAll
    void load(TestArchive archive, @TempDir Path dir) throws Exception {
        t = archive;
        Path corpus = SampleCorpus.extractTo(dir.resolve("sample"));
        Path crafted = Files.list(corpus).filter(Files::isDirectory).sorted().findFirst().orElseThrow()
                .resolve("videos/crafted-talk.json");
        ObjectNode talk = JSON.createObjectNode()
                .put("title", CRAFTED_TITLE)
                .put("recorded", "2024-09-23")
                .put("language", "eng")
                .put("description", "Bell\u0007 and NUL-free control\u0002 characters");
        talk.set("speakers", JSON.valueToTree(List.of("Zoë \u0001Tester")));
        talk.set("tags", JSON.valueToTree(ODD_TAGS));
        talk.set("videos", JSON.valueToTree(List.of(
                Map.of("type", "peertube", "url", "https://tube.unvetted.example/w/abcdefghijk"),
                Map.of("type", "mp4", "url", "http://files.example/talk.mp4"),
                Map.of("type", "youtube", "url", "javascript:alert(1)"))));
        Files.writeString(crafted, JSON.writeValueAsString(talk));
        report = t.importAndPublish(corpus);
    }

    @BeforeEach
    void serve() {
        app = t.archive().web(Optional.empty(),
                new SiteConfig(URI.create(PUBLIC_URL), Set.of("tube.example")));
    }

    private static String body(Response response) throws Exception {
        return response.body().string();
    }

    /** The Content-Type as sent, less optional spaces (Jetty writes "text/html;charset=utf-8"). */
    private static String type(Response response) {
        return header(response, "Content-Type").replace(" ", "").toLowerCase(java.util.Locale.ROOT);
    }

    /** The body of a GET sent with another Host header (Java's HttpClient, under JavalinTest, refuses to set one). */
    private static String get(int port, String path, String host) throws Exception {
        String[] response = raw(port, path, host);
        assertThat(response[0]).as(path).isEqualTo("200");
        return response[1];
    }

    @Test
    void everyResponseCarriesSecurityHeadersAndItsExactType() {
        JavalinTest.test(app, (server, client) -> {
            String talkPath = t.strings("SELECT '/talks/' || e.slug || '/' || t.slug FROM talk t"
                    + " JOIN event e ON e.id = t.event_id ORDER BY t.id LIMIT 1").get(0);
            String speaker = PagePaths.speaker(t.strings("SELECT slug FROM speaker ORDER BY id LIMIT 1").get(0));
            for (String page : List.of("/", "/?q=django&tag=testing", talkPath, speaker, "/no/such/page",
                    "/?page=0", "/?q=%00")) {
                Response response = client.get(page);
                assertThat(type(response)).as(page).isEqualTo("text/html;charset=utf-8");
                String csp = header(response, "Content-Security-Policy");
                assertThat(csp).as(page).contains("default-src 'none'", "script-src 'self'", "style-src 'self'",
                        "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'")
                        .contains("frame-src https://www.youtube-nocookie.com https://player.vimeo.com"
                                + " https://archive.org https://tube.example")
                        .doesNotContain("unsafe-inline", "unsafe-eval", "tube.unvetted.example");
                assertThat(header(response, "X-Content-Type-Options")).isEqualTo("nosniff");
                assertThat(header(response, "X-Frame-Options")).isEqualTo("DENY");
                assertThat(header(response, "Referrer-Policy")).isEqualTo("strict-origin-when-cross-origin");
                assertThat(header(response, "Permissions-Policy")).contains("camera=()", "geolocation=()",
                        "fullscreen=(self \"https://www.youtube-nocookie.com\"");
                String html = body(response);
                // nothing inline for the policy to block: scripts only by src, no style attributes or elements
                assertThat(html).as(page).doesNotContainPattern("<script(?![^>]*\\ssrc=)")
                        .doesNotContain(" style=", "<style", " on" + "click=");
            }
            assertThat(header(client.get("/api/talks?q=django"), "Content-Type")).isEqualTo("application/json");
            assertThat(header(client.get("/api/nothing"), "Content-Type")).isEqualTo("application/json");
            assertThat(header(client.get("/export/talks.json"), "Content-Type")).isEqualTo("application/json");
            assertThat(type(client.get("/export/talks.csv"))).isEqualTo("text/csv;charset=utf-8");
            assertThat(type(client.get("/feed.atom"))).isEqualTo("application/atom+xml;charset=utf-8");
            Response script = client.get("/static/app.js");
            assertThat(header(script, "Content-Type")).matches("(text|application)/javascript.*");
            assertThat(header(script, "X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(header(client.get("/static/app.css"), "Content-Type")).startsWith("text/css");
        });
    }

    @Test
    void pagesLoadTheirAssetsFromAddressesThatNameTheirContentCachedForAYear() {
        JavalinTest.test(app, (server, client) -> {
            String page = body(client.get("/"));
            String css = org.talkarchive.ui.Assets.path("app.css");
            String js = org.talkarchive.ui.Assets.path("app.js");
            assertThat(css).matches("/static/v-[0-9a-f]{12}/app\\.css");
            assertThat(page).contains("href=\"" + css + "\"", "src=\"" + js + "\"");
            for (String[] asset : new String[][] {{css, "/static/app.css", "text/css"},
                    {js, "/static/app.js", "javascript"}}) {
                Response versioned = client.get(asset[0]);
                assertThat(versioned.code()).as(asset[0]).isEqualTo(200);
                assertThat(header(versioned, "Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
                assertThat(header(versioned, "Content-Type")).contains(asset[2]);
                assertThat(versioned.body().string()).isEqualTo(body(client.get(asset[1])));
                assertThat(header(client.get(asset[1]), "Cache-Control")).as("the plain address is not kept")
                        .doesNotContain("immutable");
            }
        });
    }

    @Test
    void absoluteLinksUseThePublicUrlNeverTheRequestsHost() {
        JavalinTest.test(app, (server, client) -> {
            String feed = get(server.port(), "/feed.atom?q=django", "evil.example");
            String csv = get(server.port(), "/export/talks.csv?q=django", "evil.example");
            assertThat(feed).contains("href=\"" + PUBLIC_URL + "/talks/", "<id>" + PUBLIC_URL + "/feed.atom?q=django")
                    .doesNotContain("evil.example", "localhost", "127.0.0.1");
            assertThat(csv).contains("," + PUBLIC_URL + "/talks/").doesNotContain("evil.example", "127.0.0.1");
        });
    }

    @Test
    void badBytesGet400WithAReason() {
        JavalinTest.test(app, (server, client) -> {
            String[][] cases = {
                    {"/api/suggest?q=%00", "q", "U+0000"},
                    {"/api/suggest?q=ab%01cd", "q", "U+0001"},
                    {"/api/talks?q=%ZZ", "q", "%"},
                    {"/api/talks?q=50%", "q", "%"},
                    {"/api/talks?q=%ED%A0%80", "q", "UTF-8"},          // a lone surrogate, as UTF-8 bytes
                    {"/api/talks?q=%C3%28", "q", "UTF-8"},             // a broken sequence
                    {"/api/talks?tag=%7F", "tag", "U+007F"},
                    {"/api/talks?q=" + "a".repeat(501), "q", "500"},
                    {"/api/talks?bad%00name=1", "(name)", "U+0000"},
                    {"/api/talks?" + "tag=x&".repeat(70), "query", "64"},
                    {"/api/speakers/a%01b", "path", "U+0001"},
                    {"/api/speakers/%u0041", "path", "%"},
            };
            for (String[] c : cases) {
                String[] response = raw(server.port(), c[0]);
                assertThat(response[0]).as(c[0]).isEqualTo("400");
                JsonNode body = JSON.readTree(response[1]);
                assertThat(body.path("error").asText()).as(c[0]).isEqualTo("invalid_parameter");
                assertThat(body.path("parameter").asText()).as(c[0]).isEqualTo(c[1]);
                assertThat(body.path("reason").asText()).as(c[0]).contains(c[2]);
            }
            String[] page = raw(server.port(), "/?q=%00");
            assertThat(page[0]).isEqualTo("400");
            assertThat(page[1]).contains("The parameter “q”", "U+0000");
            // refused by Jetty while parsing, before any route: the bare text, not Jetty's page repeating the request
            String[] huge = raw(server.port(), "/", "h" + "x".repeat(20_000));
            assertThat(huge[0]).isEqualTo("431");
            assertThat(huge[1]).isEqualTo("431 Request Header Fields Too Large\n");
            // what is allowed still works: non-Latin text and an encoded percent sign
            assertThat(client.get("/api/suggest?q=" + PagePaths.encode("日本語")).code()).isEqualTo(200);
            assertThat(client.get("/api/talks?q=" + PagePaths.encode("50%")).code()).isEqualTo(200);
        });
    }

    @Test
    void everyFeedOfTheSampleIsWellFormedXml() {
        JavalinTest.test(app, (server, client) -> {
            List<String[]> filters = new ArrayList<>();
            filters.add(new String[] {"q", ""});
            t.strings("SELECT slug FROM speaker").forEach(s -> filters.add(new String[] {"speaker", s}));
            t.strings("SELECT slug FROM event").forEach(s -> filters.add(new String[] {"event", s}));
            t.strings("SELECT name FROM tag").forEach(s -> filters.add(new String[] {"tag", s}));
            t.strings("SELECT DISTINCT language FROM talk").forEach(s -> filters.add(new String[] {"language", s}));
            t.strings("SELECT DISTINCT extract(year FROM recorded)::int::text FROM talk WHERE recorded IS NOT NULL")
                    .forEach(s -> filters.add(new String[] {"year", s}));
            assertThat(filters).hasSizeGreaterThan(60);
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            for (String[] f : filters) {
                Response response = client.get("/feed.atom?" + f[0] + "=" + PagePaths.encode(f[1]));
                assertThat(response.code()).as(f[0] + "=" + f[1]).isEqualTo(200);
                Document feed = factory.newDocumentBuilder().parse(new ByteArrayInputStream(response.body().string().getBytes(StandardCharsets.UTF_8)));
                long expected = Math.min(50, t.search(f[0], f[1]).total());
                assertThat(feed.getElementsByTagNameNS("http://www.w3.org/2005/Atom", "entry").getLength())
                        .as(f[0] + "=" + f[1]).isEqualTo((int) expected);
            }
            String crafted = body(client.get("/feed.atom?tag=" + PagePaths.encode("c++")));
            assertThat(crafted).contains("markup").doesNotContain("\u0001", "\u0007", "\u001b");
        });
    }

    @Test
    void tagLinksRoundTripOddValues() {
        JavalinTest.test(app, (server, client) -> {
            String talkPath = t.strings("SELECT '/talks/' || e.slug || '/' || t.slug FROM talk t"
                    + " JOIN event e ON e.id = t.event_id WHERE t.slug = 'crafted-talk'").get(0);
            String talkPage = body(client.get(talkPath));
            for (String tag : ODD_TAGS) {
                String shown = Names.tagKey(tag); // facets and chips show tags by key (case folded)
                // the chip on the talk's page
                String href = unescape(find(talkPage, "<a class=\"chip\" href=\"([^\"]*)\">" + escape(tag) + "</a>"));
                String results = body(client.get(href));
                assertThat(results).as(tag).contains("aria-label=\"Remove filter Tag: " + html(shown) + "\"");
                assertThat(hitTitles(results)).as(tag + " via " + href).hasSize(1);
                // the tag facet of a search page
                String facetHref = unescape(find(body(client.get("/?q=crafted")),
                        "(?iu)<a href=\"([^\"]*)\"[^>]*>\\s*<span>" + escape(shown) + "</span>"));
                assertThat(URI.create(facetHref).getRawQuery()).as(tag).contains("tag=" + PagePaths.encode(shown));
                assertThat(hitTitles(body(client.get(facetHref)))).as(tag + " via " + facetHref).hasSize(1);
            }
        });
    }

    @Test
    void videosFromUnvettedPlacesAreLinksNotPlayersAndTheImportSaysSo() {
        assertThat(report.downgraded()).extracting(Object::toString).anySatisfy(r -> assertThat(r)
                .contains("crafted-talk.json", "javascript:alert(1)", "dropped"));
        assertThat(report.downgraded()).extracting(Object::toString).anySatisfy(r -> assertThat(r)
                .contains("crafted-talk.json", "tube.unvetted.example", "TALKS_PEERTUBE_HOSTS"));
        assertThat(report.downgraded()).extracting(Object::toString).anySatisfy(r -> assertThat(r)
                .contains("crafted-talk.json", "http://files.example/talk.mp4", "https"));
        assertThat(t.strings("SELECT url FROM video_source v JOIN talk t ON t.id = v.talk_id"
                + " WHERE t.slug = 'crafted-talk'")).doesNotContain("javascript:alert(1)").hasSize(2);
        JavalinTest.test(app, (server, client) -> {
            String talkPath = t.strings("SELECT '/talks/' || e.slug || '/' || t.slug FROM talk t"
                    + " JOIN event e ON e.id = t.event_id WHERE t.slug = 'crafted-talk'").get(0);
            String crafted = body(client.get(talkPath));
            assertThat(crafted).doesNotContain("<iframe", "<video", "javascript:")
                    .contains("href=\"https://tube.unvetted.example/w/abcdefghijk\"",
                            "href=\"http://files.example/talk.mp4\"");
            String youtube = t.strings("SELECT '/talks/' || e.slug || '/' || t.slug FROM talk t JOIN event e"
                    + " ON e.id = t.event_id JOIN video_source v ON v.talk_id = t.id WHERE v.url LIKE '%youtu%'"
                    + " LIMIT 1").get(0);
            assertThat(body(client.get(youtube))).containsPattern(
                    "<iframe src=\"https://www.youtube-nocookie.com/embed/[\\w-]+\\?enablejsapi=1&amp;origin="
                            + "https%3A%2F%2Ftalks.example.org\"[^>]* sandbox=\"allow-scripts allow-same-origin"
                            + " allow-presentation allow-popups allow-popups-to-escape-sandbox\"");
        });
    }

    /**
     * Status and body of a GET sent byte for byte: HTTP clients repair malformed escapes such as a lone % before
     * sending, and those are exactly what must be tried here. HTTP/1.0, so the body comes unchunked.
     */
    static String[] raw(int port, String target) throws Exception {
        return raw(port, target, "127.0.0.1");
    }

    private static String[] raw(int port, String target, String host) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.0\r\nHost: " + host + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String status = response.substring(9, 12);
            return new String[] {status, response.substring(response.indexOf("\r\n\r\n") + 4)};
        }
    }

    private static List<String> hitTitles(String html) {
        List<String> titles = new ArrayList<>();
        Matcher m = Pattern.compile("<h3><a href=\"[^\"]*\">(.*?)</a></h3>").matcher(html);
        while (m.find()) {
            titles.add(m.group(1));
        }
        return titles;
    }

    private static String find(String html, String regex) {
        Matcher m = Pattern.compile(regex).matcher(html);
        assertThat(m.find()).as("%s in the page", regex).isTrue();
        return m.group(1);
    }

    /** Escapes as jte does. */
    private static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&#34;").replace("'", "&#39;");
    }

    /** Escaped as jte does, quoted for a regular expression over the page. */
    private static String escape(String text) {
        return Pattern.quote(html(text));
    }

    private static String unescape(String attribute) {
        return attribute.replace("&#34;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }
}
