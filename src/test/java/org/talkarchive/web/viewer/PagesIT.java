package org.talkarchive.web.viewer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.talkarchive.testing.Responses.header;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.talkarchive.config.SiteConfig;
import org.talkarchive.talks.Catalog;
import org.talkarchive.talks.PagePaths;
import org.talkarchive.talks.TalkRepository;
import org.talkarchive.testing.Fixtures;
import org.talkarchive.testing.RealEngines;
import org.talkarchive.testing.TestArchive;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The pages viewers browse (speakers, events, series, their indexes, the sitemap), the player's sources and start
 * time, error and empty pages, link previews, feeds and downloads, on the real engines, checked against the database.
 */
@ExtendWith(RealEngines.class)
class PagesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE = SiteConfig.local(7070).base();
    private static final String EXPIRED_FILE = "https://127.0.0.1:9/expired.mp4";
    /** What asks a YouTube player to post its position to the pages' origin (SiteConfig.local's). */
    private static final String API = "enablejsapi=1&amp;origin=http%3A%2F%2Flocalhost%3A7070";

    private static TestArchive t;
    private Javalin app;

    @BeforeAll
    static void load(TestArchive archive) {
        t = archive;
        t.importCorpus(Fixtures.corpus());
        t.update("UPDATE event SET location = 'Lisbon, Portugal' WHERE slug = 'fixconf-2019'");
        // a direct file listed before the YouTube upload, as 553 talks of the corpus do
        long talk = t.count("SELECT id FROM talk WHERE slug = 'testing-django-apps'");
        t.update("UPDATE video_source SET position = position + 1 WHERE talk_id = ?", talk);
        t.update("INSERT INTO video_source (talk_id, position, type, url) VALUES (?, 0, 'mp4', ?)", talk, EXPIRED_FILE);
        t.update("UPDATE talk SET description = ? WHERE slug = 'python-en-espanol'",
                "Las diapositivas están [en GitHub](https://github.com/lukasz/charla).\nLínea dos.");
        // more tags than a facet lists at first, so "Show more" has something to show
        for (int i = 1; i <= 24; i++) {
            t.update("INSERT INTO tag (name, display_name) VALUES (?, ?)", "extra-" + i, "Extra " + i);
            t.update("INSERT INTO talk_tag (talk_id, tag_id) SELECT ?, id FROM tag WHERE name = ?", talk, "extra-" + i);
        }
        t.archive().ensureIndex();
        t.publish();
    }

    @BeforeEach
    void serve() {
        app = t.archive().web(Optional.empty(), SiteConfig.local(7070));
    }

    private static JsonNode json(Response response) throws Exception {
        assertThat(response.code()).isEqualTo(200);
        return JSON.readTree(response.body().string());
    }

    @Test
    void eachResultLinksToTalksLikeItWhichListThemWithoutItself() {
        JavalinTest.test(app, (server, client) -> {
            String results = client.get("/?q=django").body().string();
            assertThat(results).contains("href=\"/?like=fixconf-2021%2Fdjango-orm-deep-dive\"",
                    "aria-label=\"More like this: ");
            String like = client.get("/?like=fixconf-2021%2Fdjango-orm-deep-dive").body().string();
            assertThat(like).contains("<h1 id=\"heading\">Talks like “", "id=\"like\"",
                    "href=\"/talks/fixconf-2021/django-orm-deep-dive\"").doesNotContain("aria-label=\"Sort\"");
            String hits = like.substring(like.indexOf("id=\"results\""), like.indexOf("</section>",
                    like.indexOf("id=\"results\"")));
            assertThat(hits).contains("More like this").doesNotContain("href=\"/talks/fixconf-2021/django-orm-deep-dive\"");
            String talk = client.get("/talks/fixconf-2021/django-orm-deep-dive").body().string();
            assertThat(talk).contains("href=\"/?like=fixconf-2021%2Fdjango-orm-deep-dive\"");

            JsonNode api = json(client.get("/api/talks?like=fixconf-2021/django-orm-deep-dive"));
            assertThat(api.path("like").path("slug").asText()).isEqualTo("django-orm-deep-dive");
            assertThat(api.path("query").path("like").get(0).asText()).isEqualTo("fixconf-2021/django-orm-deep-dive");
            assertThat(api.path("hits").findValuesAsText("slug")).doesNotContain("django-orm-deep-dive");
            Response unknown = client.get("/api/talks?like=fixconf-2021/no-such-talk");
            assertThat(unknown.code()).isEqualTo(400);
            assertThat(unknown.body().string()).contains("no talk is at");
            assertThat(client.get("/api/talks?like=fixconf-2021/django-orm-deep-dive&q=orm").code()).isEqualTo(400);
        });
    }

    @Test
    void aSpeakerPageShowsTheSpeakerNotTheWholeCorpus() {
        JavalinTest.test(app, (server, client) -> {
            String page = client.get("/speakers/ana-garcia").body().string();
            assertThat(page).contains("<h1>Ana García</h1>", "3 talks", "ana garcía")
                    .contains("href=\"/api/speakers/ana-garcia\"", "This page as JSON", "og:type\" content=\"profile\"");
            List<String> events = t.strings("""
                    SELECT DISTINCT e.title FROM event e JOIN talk x ON x.event_id = e.id
                      JOIN talk_speaker ts ON ts.talk_id = x.id JOIN speaker s ON s.id = ts.speaker_id
                     WHERE s.slug = 'ana-garcia'""");
            assertThat(events).containsExactlyInAnyOrder("FixConf 2019", "FixConf 2021");
            assertThat(section(page, "speaker-events")).contains(events.toArray(String[]::new));
            assertThat(section(page, "speaker-years")).contains(">2019<", ">2021<");
            List<String> coSpeakers = t.strings("""
                    SELECT DISTINCT o.name FROM talk_speaker mine JOIN speaker me ON me.id = mine.speaker_id
                      JOIN talk_speaker theirs ON theirs.talk_id = mine.talk_id AND theirs.speaker_id <> me.id
                      JOIN speaker o ON o.id = theirs.speaker_id WHERE me.slug = 'ana-garcia'""");
            assertThat(coSpeakers).contains("Bob Smith");
            assertThat(section(page, "co-speakers")).contains(coSpeakers.toArray(String[]::new));
            for (String title : t.strings("""
                    SELECT x.title FROM talk x JOIN talk_speaker ts ON ts.talk_id = x.id
                      JOIN speaker s ON s.id = ts.speaker_id WHERE s.slug = 'ana-garcia'""")) {
                assertThat(page).contains(title.replace("<", "&lt;"));
            }
            // not the search facets of the whole corpus
            assertThat(page).doesNotContain("Talks by", "facet-speaker");

            JsonNode api = json(client.get("/api/speakers/ana-garcia"));
            assertThat(api.path("name").asText()).isEqualTo("Ana García");
            assertThat(api.path("talk_count").asInt()).isEqualTo(3);
            assertThat(api.path("talks")).hasSize(3);
            assertThat(api.path("events").findValuesAsText("name")).containsExactly("FixConf 2021", "FixConf 2019");
            assertThat(api.path("years").findValuesAsText("year")).containsExactly("2019", "2021");
            assertThat(api.path("co_speakers").findValuesAsText("slug")).contains("bob-smith");
        });
    }

    @Test
    void anEventPageShowsItsDetailsAndItsTalksInScheduleOrder() {
        JavalinTest.test(app, (server, client) -> {
            String page = client.get("/events/fixconf-2019").body().string();
            assertThat(page).contains("<h1>FixConf 2019</h1>", "2019-05-01", "2019-05-03", "Lisbon, Portugal",
                    "href=\"https://fixconf.example/2019\"", "A conference that exists only in tests.",
                    "href=\"/series/fixconf\"", "href=\"/api/events/fixconf-2019\"");
            List<String> schedule = t.strings("""
                    SELECT x.title FROM talk x JOIN event e ON e.id = x.event_id
                     WHERE e.slug = 'fixconf-2019' ORDER BY x.recorded NULLS LAST, x.id""");
            assertThat(schedule).hasSizeGreaterThan(2);
            assertThat(titlesIn(page)).containsExactlyElementsOf(schedule.stream().map(s -> s.replace("<", "&lt;")
                    .replace(">", "&gt;")).toList());

            JsonNode api = json(client.get("/api/events/fixconf-2019"));
            assertThat(api.path("title").asText()).isEqualTo("FixConf 2019");
            assertThat(api.path("location").asText()).isEqualTo("Lisbon, Portugal");
            assertThat(api.path("series").path("slug").asText()).isEqualTo("fixconf");
            List<String> apiTitles = new ArrayList<>();
            api.path("talks").forEach(talk -> apiTitles.add(talk.path("title").asText()));
            assertThat(apiTitles).containsExactlyElementsOf(schedule);
            assertThat(client.get("/events/fixconf-2021").body().string()).doesNotContain("event-location");
        });
    }

    @Test
    void eventsAreIndexedBySeriesAndASeriesListsItsEventsByYear() {
        JavalinTest.test(app, (server, client) -> {
            String index = client.get("/events").body().string();
            assertThat(index).contains("href=\"/series/fixconf\"", ">FixConf</a>", "href=\"/events/fixconf-2019\"",
                    "href=\"/events/fixconf-2021\"", ">2019<", ">2021<", "href=\"/api/events\"");
            JsonNode api = json(client.get("/api/events"));
            long events = t.count("SELECT count(*) FROM event");
            int listed = 0;
            for (JsonNode series : api.path("series")) {
                listed += series.path("events").size();
            }
            // the sample's few series fit on one page, which has no pager (IndexPagingIT pages through more)
            assertThat(listed).isEqualTo(events);
            assertThat(api.path("event_count").asLong()).isEqualTo(events);
            assertThat(api.path("series_count").asInt()).isEqualTo(api.path("series").size());
            assertThat(api.path("page").asInt()).isEqualTo(1);
            assertThat(api.path("pages").asInt()).isEqualTo(1);
            assertThat(index).contains(events + " events in " + api.path("series").size() + " series, A–Z.")
                    .doesNotContain("aria-label=\"Pages\"");
            assertThat(client.get("/events?page=2").code()).isEqualTo(400);

            String series = client.get("/series/fixconf").body().string();
            assertThat(series).contains("<h1>FixConf</h1>", "2 events", "href=\"/api/series/fixconf\"");
            assertThat(series.indexOf("/events/fixconf-2021")).isLessThan(series.indexOf("/events/fixconf-2019"));
            JsonNode seriesApi = json(client.get("/api/series/fixconf"));
            assertThat(seriesApi.path("events").findValuesAsText("year")).containsExactly("2021", "2019");
            assertThat(client.get("/series/nothing-like-it").code()).isEqualTo(404);
            assertThat(client.get("/api/series/nothing-like-it").code()).isEqualTo(404);
        });
    }

    @Test
    void speakersAreListedAToZAndCanBeFiltered() {
        JavalinTest.test(app, (server, client) -> {
            String bs = client.get("/speakers?letter=b").body().string();
            assertThat(bs).contains("href=\"/speakers/bob-smith\"", "href=\"/speakers?letter=a\"")
                    .doesNotContain("href=\"/speakers/ana-garcia\"");
            String first = client.get("/speakers").body().string();
            String firstLetter = t.strings("SELECT min(left(s.slug, 1)) FROM speaker s JOIN talk_speaker ts"
                    + " ON ts.speaker_id = s.id WHERE left(s.slug, 1) BETWEEN 'a' AND 'z'").get(0);
            assertThat(first).contains("Speakers under “" + firstLetter.toUpperCase() + "”");
            String found = client.get("/speakers?q=garc").body().string();
            assertThat(found).contains("href=\"/speakers/ana-garcia\"", "value=\"garc\"")
                    .doesNotContain("href=\"/speakers/bob-smith\"");
            JsonNode api = json(client.get("/api/speakers?q=garc"));
            assertThat(api.path("speakers").findValuesAsText("slug")).containsExactly("ana-garcia");
            assertThat(api.path("speakers").get(0).path("talk_count").asInt()).isEqualTo(3);
            assertThat(api.path("speaker_count").asInt()).isEqualTo(1);
            assertThat(api.path("more").asBoolean()).isFalse();
            assertThat(found).contains("Speakers named like “garc”: 1.", "href=\"/api/speakers?q=garc\"");
            assertThat(client.get("/speakers?letter=ab").code()).isEqualTo(400);
            assertThat(client.get("/api/speakers?nope=1").code()).isEqualTo(400);
            assertThat(client.get("/speakers?q=zzzzzz").body().string()).contains("No speaker is named like that");
        });
    }

    @Test
    void aFacetBeyondItsFirstValuesShowsMoreWithoutJavaScript() {
        JavalinTest.test(app, (server, client) -> {
            String page = client.get("/?q=").body().string();
            assertThat(page).contains("id=\"more-tag\"", "href=\"/?more=tag\"");
            long tags = t.count("SELECT count(DISTINCT tag_id) FROM talk_tag");
            assertThat(tags).isGreaterThan(20);
            assertThat(json(client.get("/api/talks")).at("/facets").findValue("values").size()).isPositive();
            JsonNode all = json(client.get("/api/talks?more=tag"));
            JsonNode tagFacet = null;
            for (JsonNode facet : all.path("facets")) {
                if (facet.path("name").asText().equals("tag")) {
                    tagFacet = facet;
                }
            }
            assertThat(tagFacet.path("values")).hasSize((int) tags);
            String more = client.get("/?more=tag").body().string();
            assertThat(more).contains("id=\"fewer-tag\"", "Extra 24").doesNotContain("id=\"more-tag\"");
            assertThat(client.get("/api/talks?more=colour").code()).isEqualTo(400);
        });
    }

    @Test
    void thePlayerPrefersTheHostsSwitchesSourcesAndStartsWhereTheLinkSays() {
        JavalinTest.test(app, (server, client) -> {
            String path = "/talks/fixconf-2019/testing-django-apps";
            String page = client.get(path).body().string();
            // the file comes first in the data, the YouTube upload plays
            assertThat(page).contains("src=\"https://www.youtube-nocookie.com/embed/aaaaaaaaaaa?" + API + "\"")
                    .doesNotContain("<video");
            assertThat(section(page, "sources")).contains("1. YouTube", "2. Video file (mp4)", "href=\"" + path
                    + "?source=2\"");
            String file = client.get(path + "?source=2").body().string();
            assertThat(file).contains("<video", "src=\"" + EXPIRED_FILE + "\"", "id=\"player-fallback\"",
                    "href=\"" + path + "?source=1\"").doesNotContain("<iframe");
            assertThat(client.get(path + "?t=1m30s").body().string())
                    .contains("src=\"https://www.youtube-nocookie.com/embed/aaaaaaaaaaa?start=90&amp;" + API + "\"");
            String fileAt = client.get(path + "?source=2&t=90").body().string();
            assertThat(fileAt).contains("src=\"" + EXPIRED_FILE + "#t=90\"", "data-start=\"90\"",
                    "href=\"" + path + "?source=1&amp;t=90\"");
            Response badSource = client.get(path + "?source=3");
            assertThat(badSource.code()).isEqualTo(400);
            assertThat(badSource.body().string()).contains("must be from 1 to 2");
            Response badTime = client.get(path + "?t=soon");
            assertThat(badTime.code()).isEqualTo(400);
            assertThat(badTime.body().string()).contains("1h2m3s");
        });
    }

    @Test
    void errorAndEmptyPagesKeepTheSearchAndOfferWaysForward() {
        JavalinTest.test(app, (server, client) -> {
            Response error = client.get("/?q=django%20orm&year=abc");
            assertThat(error.code()).isEqualTo(400);
            String page = error.body().string();
            assertThat(page).contains("value=\"django orm\"", "You searched for “django orm”", "must be a whole number",
                    "href=\"/?q=django%20orm\"", "href=\"/events\"", "href=\"/speakers\"");
            String empty = client.get("/?q=zebrafishology&year=2019").body().string();
            assertThat(empty).contains("value=\"zebrafishology\"", "No talks match “zebrafishology”",
                    "href=\"/events\">events", "href=\"/speakers\">speakers");
        });
    }

    @Test
    void pagesDescribeThemselvesToLinkPreviewsAndHaveAFavicon() {
        JavalinTest.test(app, (server, client) -> {
            String talk = client.get("/talks/fixconf-2019/testing-django-apps").body().string();
            assertThat(talk).contains("<meta property=\"og:title\" content=\"Testing Django apps with pytest\">",
                    "<meta property=\"og:type\" content=\"video.other\">",
                    "<meta property=\"og:url\" content=\"" + BASE + "/talks/fixconf-2019/testing-django-apps\">",
                    "<meta property=\"og:image\" content=\"https://img.example/1.jpg\">",
                    "<meta property=\"og:description\" content=\"How to test Django apps.",
                    "<link rel=\"icon\" href=\"" + org.talkarchive.ui.Assets.path("favicon.svg")
                            + "\" type=\"image/svg+xml\">");
            assertThat(client.get("/?q=").body().string()).contains("<meta property=\"og:title\" content=\"All talks\">",
                    "<meta property=\"og:url\" content=\"" + BASE + "/\">");
            Response icon = client.get("/static/favicon.svg");
            assertThat(icon.code()).isEqualTo(200);
            assertThat(header(icon, "Content-Type")).startsWith("image/svg+xml");
            assertThat(icon.body().string()).startsWith("<svg");
            HttpResponse<Void> ico = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + server.port() + "/favicon.ico")).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(ico.statusCode()).isEqualTo(301);
            assertThat(ico.headers().firstValue("Location")).contains("/static/favicon.svg");
        });
    }

    @Test
    void descriptionsInMarkdownOrWithLineBreaksReadAsWritten() {
        JavalinTest.test(app, (server, client) -> {
            String page = client.get("/talks/fixconf-2021/python-en-espanol").body().string();
            assertThat(page).contains("<a href=\"https://github.com/lukasz/charla\" rel=\"nofollow noopener\">en GitHub</a>")
                    .doesNotContain("[en GitHub]");
        });
    }

    @Test
    void theSitemapListsEveryPageAndSplitsIntoAnIndexWhenLarge() throws Exception {
        List<String> expected = new ArrayList<>(List.of(BASE + "/", BASE + "/events", BASE + "/speakers"));
        expected.add(BASE + "/series/fixconf");
        t.strings("SELECT e.slug || '/' || x.slug FROM talk x JOIN event e ON e.id = x.event_id").forEach(p ->
                expected.add(BASE + "/talks/" + p));
        t.strings("SELECT DISTINCT s.slug FROM speaker s JOIN talk_speaker ts ON ts.speaker_id = s.id")
                .forEach(s -> expected.add(BASE + PagePaths.speaker(s)));
        t.strings("SELECT slug FROM event").forEach(e -> expected.add(BASE + PagePaths.event(e)));

        JavalinTest.test(app, (server, client) -> {
            Response response = client.get("/sitemap.xml");
            assertThat(header(response, "Content-Type")).startsWith("application/xml");
            Document one = xml(response.body().string());
            assertThat(one.getDocumentElement().getLocalName()).isEqualTo("urlset");
            assertThat(texts(one, "loc")).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(client.get("/sitemaps/1.xml").code()).isEqualTo(200);
            assertThat(client.get("/sitemaps/2.xml").code()).isEqualTo(404);
        });

        // with 10 addresses a file, the same addresses come as an index of parts
        Sitemap small = new Sitemap(new Catalog(t.jdbi(), new TalkRepository(t.jdbi())), BASE, 10);
        StringWriter main = new StringWriter();
        small.writeMain(main);
        Document index = xml(main.toString());
        assertThat(index.getDocumentElement().getLocalName()).isEqualTo("sitemapindex");
        int parts = (expected.size() + 9) / 10;
        assertThat(texts(index, "loc")).hasSize(parts).first().isEqualTo(BASE + "/sitemaps/1.xml");
        List<String> all = new ArrayList<>();
        for (int part = 1; part <= parts; part++) {
            StringWriter out = new StringWriter();
            small.writePart(out, part);
            List<String> locs = texts(xml(out.toString()), "loc");
            assertThat(locs.size()).isLessThanOrEqualTo(10);
            all.addAll(locs);
        }
        assertThat(all).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void feedsAreTitledByNamesAndDownloadsCarryTheVideoAndDescription() {
        JavalinTest.test(app, (server, client) -> {
            assertThat(client.get("/feed.atom?speaker=ana-garcia&event=fixconf-2019&tag=django").body().string())
                    .contains("<title>Talk Archive: newest talks, event FixConf 2019, speaker Ana García, tag Django</title>");
            String csv = client.get("/export/talks.csv?event=fixconf-2019").body().string();
            List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                    .parse(new StringReader(csv)).getRecords();
            CSVRecord testing = rows.stream().filter(r -> r.get("title").equals("Testing Django apps with pytest"))
                    .findFirst().orElseThrow();
            assertThat(testing.get("video_url")).isEqualTo("https://www.youtube.com/watch?v=aaaaaaaaaaa");
            assertThat(testing.get("description")).startsWith("How to test Django apps.")
                    .contains("the docs").doesNotContain("**");
        });
    }

    @Test
    void thePagerSaysHowManyPagesThereAre() {
        JavalinTest.test(app, (server, client) -> {
            long total = t.search().total();
            String page = client.get("/?per_page=2&page=2").body().string();
            assertThat(page).contains("Page 2 of " + (total + 1) / 2 + "</span>");
        });
    }

    /** The HTML of the list or navigation with this id, to its end tag. */
    private static String section(String page, String id) {
        int start = page.indexOf("id=\"" + id + "\"");
        assertThat(start).as("element #" + id).isNotNegative();
        int end = page.indexOf(page.startsWith("<nav", page.lastIndexOf('<', start)) ? "</nav>" : "</ul>", start);
        return page.substring(start, end);
    }

    private static List<String> titlesIn(String page) {
        List<String> titles = new ArrayList<>();
        Matcher m = Pattern.compile("<h3><a href=\"[^\"]+\">([^<]*)</a></h3>").matcher(page);
        while (m.find()) {
            titles.add(m.group(1));
        }
        return titles;
    }

    private static Document xml(String text) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(text)));
    }

    private static List<String> texts(Document doc, String element) {
        NodeList nodes = doc.getElementsByTagNameNS("http://www.sitemaps.org/schemas/sitemap/0.9", element);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent());
        }
        return texts;
    }
}
