package org.talkarchive.transcripts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import io.javalin.testtools.Request;
import io.javalin.testtools.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.talkarchive.config.SiteConfig;
import org.talkarchive.importer.CorpusRecords.Rejection;
import org.talkarchive.importer.ImportReport;
import org.talkarchive.search.FacetField;
import org.talkarchive.search.SearchPage;
import org.talkarchive.testing.Fixtures;
import org.talkarchive.testing.RealEngines;
import org.talkarchive.testing.TestArchive;
import static org.talkarchive.testing.Responses.body;
import static org.talkarchive.testing.Responses.chunked;
import static org.talkarchive.testing.Responses.header;

/**
 * Transcripts on the real engines: caption files beside talks (WebVTT and SRT) imported as cues, bad files refused
 * with their line while their talks import, talks found by what was said with up to three timed snippets that
 * link into the player, title and speaker matches above transcript-only ones, the "has transcript" filter, and
 * uploads and direct SQL changes published through change capture.
 */
@ExtendWith(RealEngines.class)
@Order(2) // among the longest: started first (see the failsafe configuration in pom.xml)
class TranscriptIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "transcript-admin-token-0123456789abcdefghijklmnop";
    private static final String GC = "/talks/capconf-2024/garbage-collection";

    @TempDir
    static Path dir;

    private static TestArchive t;
    private static ImportReport report;

    @BeforeAll
    static void load(TestArchive archive) throws Exception {
        t = archive;
        Path corpus = corpus(dir);
        report = t.importAndPublish(corpus);
    }

    /** The caption fixtures, plus a caption file in Latin-1 (resources are kept as UTF-8). */
    private static Path corpus(Path target) throws Exception {
        Fixtures.copy("transcript-corpus", target);
        Files.write(target.resolve("capconf-2024/videos/bad-encoding.srt"),
                "1\n00:00:01,000 --> 00:00:02,000\nUnicode for humans\n\n2\n00:00:03,000 --> 00:00:04,000\ncaf\u00e9\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
        return target;
    }

    private static String reason(ImportReport report, String fileName) {
        return report.rejections().stream().filter(r -> r.file().getFileName().toString().equals(fileName))
                .map(Rejection::reason).findFirst().orElseThrow(() -> new AssertionError("no rejection of " + fileName
                        + " in " + report.rejections()));
    }

    private static long cues(String slug) {
        return t.count("SELECT count(*) FROM transcript_cue c JOIN talk x ON x.id = c.talk_id WHERE x.slug = ?", slug);
    }

    private static List<String> paths(SearchPage page) {
        return page.hits().stream().map(h -> h.talk().path()).toList();
    }

    @Test
    void captionsBesideTalksAreImportedAsCuesAndBadFilesAreNamedByLineWhileTheirTalksImport() {
        assertThat(t.count("SELECT count(*) FROM talk")).as("every talk imported, bad captions or not").isEqualTo(8);
        assertThat(cues("garbage-collection")).isEqualTo(7);
        assertThat(cues("orm-internals")).isEqualTo(3);
        assertThat(cues("file-talk")).isEqualTo(2);
        assertThat(t.strings("SELECT format || ' ' || origin || ' ' || file_name FROM transcript ORDER BY file_name"))
                .containsExactly("vtt corpus file-talk.vtt", "vtt corpus garbage-collection.vtt",
                        "srt corpus orm-internals.srt");
        assertThat(t.strings("""
                SELECT c.text || ' ' || c.start_ms || '-' || c.end_ms FROM transcript_cue c
                  JOIN talk x ON x.id = c.talk_id WHERE x.slug = 'orm-internals' ORDER BY c.position"""))
                .containsExactly("Welcome to the ORM talk. 2000-5000",
                        "Querysets are lazy: nothing hits the database until you iterate. 200000-204500",
                        "Select related saves a round trip per row. 465000-469000");
        assertThat(t.strings("""
                SELECT c.text FROM transcript_cue c JOIN talk x ON x.id = c.talk_id
                 WHERE x.slug = 'garbage-collection' AND c.position IN (0, 5) ORDER BY c.position"""))
                .as("voice tags removed, entities decoded")
                .containsExactly("Hello everyone, thanks for coming.",
                        "Finally, the garbage collector can be disabled & enabled again.");

        assertThat(reason(report, "bad-timestamp.vtt")).startsWith("line 7: bad timestamp '00:00:7.000'")
                .contains("the talk was imported");
        assertThat(reason(report, "empty-cue.srt")).startsWith("line 6: the cue has no text");
        assertThat(reason(report, "bad-encoding.srt")).startsWith("line 7: is not valid UTF-8");
        assertThat(reason(report, "orphan.vtt")).contains("no talk record orphan.json");
        assertThat(cues("bad-timestamp") + cues("empty-cue") + cues("bad-encoding")).isZero();
        assertThat(report.rejections()).hasSize(4);
    }

    @Test
    void spokenWordsFindTheTalkWithUpToThreeTimedSnippetsLinkingIntoThePlayer() {
        SearchPage page = t.search("q", "garbage collector");
        assertThat(paths(page)).containsExactly(GC);
        List<SearchPage.TranscriptSnippet> said = page.hits().get(0).transcript();
        assertThat(said).hasSize(3);
        assertThat(said).extracting(SearchPage.TranscriptSnippet::start).isSorted()
                .isSubsetOf(90, 600, 3723, 3900);
        for (SearchPage.TranscriptSnippet snippet : said) {
            assertThat(snippet.url()).isEqualTo(GC + "?t=" + snippet.start());
            assertThat(snippet.textHtml()).contains("<mark>");
        }
        assertThat(t.search("q", "disabled enabled").hits().get(0).transcript()).singleElement()
                .satisfies(s -> assertThat(s.textHtml()).as("escaped, words marked")
                        .contains("<mark>disabled</mark> &amp; <mark>enabled</mark>"));

        SearchPage srt = t.search("q", "querysets lazy");
        assertThat(paths(srt)).contains("/talks/capconf-2024/orm-internals");
        SearchPage.Hit orm = srt.hits().stream().filter(h -> h.talk().slug().equals("orm-internals")).findFirst()
                .orElseThrow();
        assertThat(orm.transcript()).singleElement().satisfies(s -> {
            assertThat(s.start()).isEqualTo(200);
            assertThat(s.url()).isEqualTo("/talks/capconf-2024/orm-internals?t=200");
            assertThat(s.startLabel()).isEqualTo("3:20");
        });
        assertThat(t.search("q", "\"weak references\"").hits()).extracting(h -> h.talk().slug())
                .containsExactly("garbage-collection");
        assertThat(t.search("q", "Memory management").hits().get(0).transcript())
                .as("a title match shows no cues it did not need").isEmpty();
    }

    @Test
    void titleAndSpeakerMatchesRankAboveTranscriptOnlyMatches() {
        List<String> found = t.search("q", "flamingo").hits().stream().map(h -> h.talk().slug()).toList();
        assertThat(found).containsExactlyInAnyOrder("flamingo-patterns", "deploying", "garbage-collection");
        assertThat(found.get(2)).as("said in the talk only: last").isEqualTo("garbage-collection");
        List<String> collector = t.search("q", "collector").hits().stream().map(h -> h.talk().slug()).toList();
        assertThat(collector).containsExactly("garbage-collection");
    }

    @Test
    void hasTranscriptIsAFilterWithCounts() {
        SearchPage all = t.search();
        assertThat(all.facet(FacetField.TRANSCRIPT).values()).extracting(SearchPage.FacetValue::value,
                SearchPage.FacetValue::label, SearchPage.FacetValue::count)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("yes", "With transcript", 3L),
                        org.assertj.core.groups.Tuple.tuple("no", "Without transcript", 5L));
        assertThat(t.search("transcript", "yes").hits()).extracting(h -> h.talk().slug())
                .containsExactlyInAnyOrder("garbage-collection", "orm-internals", "file-talk");
        assertThat(t.search("transcript", "no").total()).isEqualTo(5);
        Javalin app = t.archive().web(Optional.empty(), SiteConfig.local(7070));
        JavalinTest.test(app, (server, client) -> {
            JsonNode api = JSON.readTree(client.get("/api/talks?transcript=yes&q=wheel").body().string());
            assertThat(api.at("/hits/0/talk/slug").asText()).isEqualTo("file-talk");
            assertThat(api.at("/hits/0/transcript/0/start").asInt()).isZero();
            assertThat(api.at("/hits/0/transcript/0/url").asText()).isEqualTo("/talks/capconf-2024/file-talk");
            Response bad = client.get("/api/talks?transcript=maybe");
            assertThat(bad.code()).isEqualTo(400);
            assertThat(bad.body().string()).contains("\"parameter\":\"transcript\"", "yes or no");
            String page = client.get("/?transcript=yes").body().string();
            assertThat(page).contains("With transcript");
        });
    }

    @Test
    void talkPagesListTheTranscriptWithDeepLinksPerHostAndASearchBox() {
        Javalin app = t.archive().web(Optional.empty(), SiteConfig.local(7070));
        JavalinTest.test(app, (server, client) -> {
            String youtube = client.get(GC + "?t=90").body().string();
            assertThat(youtube).contains("https://www.youtube-nocookie.com/embed/gcTalk00001?start=90");
            assertThat(youtube).contains("id=\"transcript\"", "name=\"tq\"", "Search in transcript",
                    "href=\"" + GC + "?t=90\"", ">1:30</time>", ">1:02:03</time>");
            assertThat(youtube).contains("Finally, the garbage collector can be disabled &amp; enabled again.");

            String vimeo = client.get("/talks/capconf-2024/orm-internals?t=200").body().string();
            assertThat(vimeo).contains("https://player.vimeo.com/video/123456789#t=200s")
                    .contains("href=\"/talks/capconf-2024/orm-internals?t=465\"");

            String file = client.get("/talks/capconf-2024/file-talk?t=33").body().string();
            assertThat(file).contains("src=\"https://media.example.org/packaging.mp4#t=33\"", "data-start=\"33\"");

            String filtered = client.get(GC + "?tq=weak+references").body().string();
            assertThat(filtered).contains("1 of 7 cues", "A flamingo once asked me about weak references.",
                    "href=\"" + GC + "?t=125&amp;tq=weak%20references\"").doesNotContain("Reference counting frees");
            assertThat(client.get(GC + "?tq=" + "x".repeat(201)).code()).isEqualTo(400);
            assertThat(client.get("/talks/capconf-2024/deploying").body().string()).doesNotContain("id=\"transcript\"");

            JsonNode api = JSON.readTree(client.get("/api/talks/" + id("garbage-collection")
                    + "/transcript?q=collector").body().string());
            assertThat(api.path("total").asInt()).isEqualTo(7);
            assertThat(api.path("format").asText()).isEqualTo("vtt");
            assertThat(api.path("cues").findValuesAsText("url")).containsExactly(GC + "?t=90", GC + "?t=600",
                    GC + "?t=3723", GC + "?t=3900");
            assertThat(client.get("/api/talks/" + id("deploying") + "/transcript").code()).isEqualTo(404);
        });
    }

    private static long id(String slug) {
        return t.count("SELECT id FROM talk WHERE slug = ?", slug);
    }

    @Test
    void uploadsAndSqlChangesArePublishedThroughChangeCapture(TestArchive own) throws Exception {
        own.importAndPublish(corpus(Files.createTempDirectory(dir, "upload")));
        long deploying = own.count("SELECT id FROM talk WHERE slug = 'deploying'");
        Javalin app = own.archive().web(Optional.of(TOKEN), SiteConfig.local(7070));
        JavalinTest.test(app, (server, client) -> {
            String url = client.getOrigin() + "/api/admin/talks/" + deploying + "/transcript";
            Response bad = client.request(new Request.Builder().url(url + "?file_name=deploy.vtt")
                    .header("Authorization", "Bearer " + TOKEN)
                    .header("Content-Type", "text/vtt").put(body("WEBVTT\n\n00:01.000 --> 00:00.500\nbackwards\n")).build());
            assertThat(bad.code()).isEqualTo(400);
            assertThat(bad.body().string()).contains("deploy.vtt, line 3", "before or when it starts");
            assertThat(own.count("SELECT count(*) FROM transcript WHERE talk_id = ?", deploying)).isZero();

            Response ok = client.request(new Request.Builder().url(url + "?format=srt")
                    .header("Authorization", "Bearer " + TOKEN)
                    .header("Content-Type", "application/octet-stream").put(body("1\n00:00:10,000 --> 00:00:12,000\nWe ship with helm charts.\n")).build());
            assertThat(ok.code()).isEqualTo(200);
            assertThat(JSON.readTree(ok.body().string()).path("cues").asInt()).isEqualTo(1);
            assertThat(client.request(new Request.Builder().url(url)
                    .header("Content-Type", "text/vtt").put(body("x")).build()).code()).isEqualTo(401);
        });
        assertThat(own.count("SELECT count(*) FROM search_change WHERE talk_id = ?", deploying)).isPositive();
        own.publish();
        SearchPage helm = own.search("q", "helm charts");
        assertThat(paths(helm)).containsExactly("/talks/capconf-2024/deploying");
        assertThat(helm.hits().get(0).transcript()).extracting(SearchPage.TranscriptSnippet::url)
                .containsExactly("/talks/capconf-2024/deploying?t=10");

        // bulk SQL typed into psql is published too
        own.update("UPDATE transcript_cue SET text = 'We ship with nomad jobs.' WHERE talk_id = ?", deploying);
        own.publish();
        assertThat(own.search("q", "helm charts").hits()).isEmpty();
        assertThat(paths(own.search("q", "nomad jobs"))).containsExactly("/talks/capconf-2024/deploying");

        // a re-import leaves an uploaded transcript alone; a caption file that turns bad leaves the stored one
        Path again = corpus(Files.createTempDirectory(dir, "again"));
        Files.writeString(again.resolve("capconf-2024/videos/garbage-collection.vtt"), "WEBVTT\n\nbroken\n");
        ImportReport second = own.importCorpus(again);
        assertThat(reason(second, "garbage-collection.vtt")).startsWith("line 3:");
        assertThat(own.count("SELECT count(*) FROM transcript_cue c JOIN talk x ON x.id = c.talk_id"
                + " WHERE x.slug = 'garbage-collection'")).isEqualTo(7);
        assertThat(own.count("SELECT count(*) FROM transcript WHERE talk_id = ? AND origin = 'upload'", deploying))
                .isEqualTo(1);
        // and a caption file that is gone takes its transcript with it
        Files.delete(again.resolve("capconf-2024/videos/garbage-collection.vtt"));
        own.importCorpus(again);
        own.publish();
        assertThat(own.count("SELECT count(*) FROM transcript t JOIN talk x ON x.id = t.talk_id"
                + " WHERE x.slug = 'garbage-collection'")).isZero();
        assertThat(own.search("q", "garbage collector").hits()).isEmpty();
    }
    @Test
    void aPhraseSaidAcrossTwoCuesIsFoundInTheCueWhereItStarts(TestArchive own) throws Exception {
        own.importAndPublish(corpus(Files.createTempDirectory(dir, "phrase")));
        long deploying = own.count("SELECT id FROM talk WHERE slug = 'deploying'");
        Javalin app = own.archive().web(Optional.of(TOKEN), SiteConfig.local(7070));
        JavalinTest.test(app, (server, client) -> {
            Response ok = client.request(new Request.Builder()
                    .url(client.getOrigin() + "/api/admin/talks/" + deploying + "/transcript?format=vtt")
                    .header("Authorization", "Bearer " + TOKEN)
                    .header("Content-Type", "text/vtt").put(body("""
                            WEBVTT

                            00:00:05.000 --> 00:00:08.000
                            Today I want to talk about machine

                            00:00:08.000 --> 00:00:11.000
                            learning is everywhere, and so are pipelines.

                            00:01:40.000 --> 00:01:44.000
                            Our learning budget for the machine was small.
                            """)).build());
            assertThat(ok.code()).isEqualTo(200);
        });
        own.publish();

        SearchPage across = own.search("q", "\"machine learning\"");
        assertThat(paths(across)).containsExactly("/talks/capconf-2024/deploying");
        assertThat(across.hits().get(0).transcript()).as("the cue where the phrase starts, its words marked")
                .singleElement().satisfies(s -> {
                    assertThat(s.url()).isEqualTo("/talks/capconf-2024/deploying?t=5");
                    assertThat(s.textHtml()).isEqualTo("Today I want to talk about <mark>machine</mark>");
                });
        assertThat(paths(own.search("q", "\"about machine learning is everywhere\""))).as("two words, then three")
                .containsExactly("/talks/capconf-2024/deploying");
        assertThat(own.search("q", "\"pipelines our learning\"").hits()).singleElement()
                .satisfies(h -> assertThat(h.transcript()).extracting(SearchPage.TranscriptSnippet::start)
                        .containsExactly(8));
        // the words of both cues, but not in that order or not side by side: no phrase
        assertThat(own.search("q", "\"learning machine\"").hits()).isEmpty();
        assertThat(own.search("q", "\"machine everywhere\"").hits()).isEmpty();
        assertThat(own.search("q", "\"today everywhere\"").hits()).isEmpty();
        // within one cue, as before
        assertThat(own.search("q", "\"learning budget\"").hits().get(0).transcript())
                .extracting(SearchPage.TranscriptSnippet::start).containsExactly(100);
        // with other words, the talk is found the same way (snippets then come from the words)
        assertThat(paths(own.search("q", "\"machine learning\" pipelines")))
                .containsExactly("/talks/capconf-2024/deploying");
    }

    /**
     * A valid WebVTT file of about 1.2 MB: above Javalin's 1 MB, and 14,000 cues (more nested documents than
     * Elasticsearch takes by default), each of about 85 bytes, the last saying "zeppelin". Short cues keep publishing
     * it quick: the cues' text is what indexing them costs.
     */
    private static byte[] largeCaptions() {
        StringBuilder vtt = new StringBuilder("WEBVTT\n\n");
        String filler = "We measured the build again, and every run told the same story. ";
        for (int i = 0; i < 14_000; i++) {
            int s = i * 3;
            vtt.append(String.format("%02d:%02d:%02d.000 --> %02d:%02d:%02d.500%n", s / 3600, s / 60 % 60, s % 60,
                    s / 3600, s / 60 % 60, s % 60 + 2));
            vtt.append(i == 13_999 ? "The zeppelin landed at last."
                    : filler.substring(0, 50 + i % 7)).append("\n\n");
        }
        return vtt.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void uploadsUpToTheParsersLimitAreTakenAndLargerBodiesAre413AndChangeNothing(TestArchive own) throws Exception {
        own.importAndPublish(corpus(Files.createTempDirectory(dir, "large")));
        long deploying = own.count("SELECT id FROM talk WHERE slug = 'deploying'");
        long talk = own.count("SELECT id FROM talk WHERE slug = 'orm-internals'");
        byte[] large = largeCaptions();
        assertThat(large.length).as("above Javalin's 1 MB, below the parser's limit")
                .isBetween(1_100_000, 1_300_000);
        Javalin app = own.archive().web(Optional.of(TOKEN), SiteConfig.local(7070));
        JavalinTest.test(app, (server, client) -> {
            String url = client.getOrigin() + "/api/admin/talks/" + deploying + "/transcript?format=vtt";
            Response ok = client.request(new Request.Builder().url(url + "&file_name=large.vtt")
                    .header("Authorization", "Bearer " + TOKEN)
                    .header("Content-Type", "text/vtt").put(body(large)).build());
            assertThat(ok.code()).as(ok.body().string()).isEqualTo(200);
            assertThat(JSON.readTree(ok.body().string()).path("cues").asInt()).isEqualTo(14_000);

            // a body exactly at the limit reaches the parser whole (its own verdict, not a 413)
            byte[] atLimit = new byte[CaptionParser.MAX_BYTES];
            java.util.Arrays.fill(atLimit, (byte) 'x');
            Response parsed = client.request(new Request.Builder().url(url)
                    .header("Authorization", "Bearer " + TOKEN)
                    .header("Content-Type", "text/vtt").put(body(atLimit)).build());
            assertThat(parsed.code()).isEqualTo(400);
            assertThat(parsed.body().string()).contains("\"parameter\":\"file\"", "WEBVTT");

            // one byte more: refused before parsing, by its declared length, and when sent in chunks without one
            byte[] over = java.util.Arrays.copyOf(large, CaptionParser.MAX_BYTES + 1);
            Response declared = client.request(new Request.Builder().url(url)
                    .header("Authorization", "Bearer " + TOKEN)
                    .header("Content-Type", "text/vtt").put(body(over)).build());
            assertThat(declared.code()).isEqualTo(413);
            assertThat(JSON.readTree(declared.body().string()).path("error").asText())
                    .isEqualTo("The caption file is 8388609 bytes; a transcript may be at most 8388608 bytes (8 MB)."
                            + " Nothing was changed.");
            Response chunked = client.request(new Request.Builder().url(url)
                    .header("Authorization", "Bearer " + TOKEN)
                    .header("Content-Type", "text/vtt").put(chunked(over)).build());
            assertThat(chunked.code()).isEqualTo(413);
            assertThat(chunked.body().string()).contains("more than 8388608 bytes", "Nothing was changed");
            assertThat(own.strings("SELECT file_name FROM transcript WHERE talk_id = ?", deploying))
                    .containsExactly("large.vtt");

            // other routes keep Javalin's 1 MB limit: a valid edit padded past it is refused and changes nothing
            Response edit = client.request(new Request.Builder()
                    .url(client.getOrigin() + "/api/admin/talks/" + talk)
                    .header("Authorization", "Bearer " + TOKEN)
                    .header("Content-Type", "application/json").patch(body("{\"title\":\"Padded\"" + " ".repeat(1_100_000) + "}")).build());
            assertThat(edit.code()).isEqualTo(413);
            assertThat(own.strings("SELECT title FROM talk WHERE id = ?", talk)).doesNotContain("Padded");
        });
        assertThat(own.count("SELECT count(*) FROM transcript_cue WHERE talk_id = ?", deploying)).isEqualTo(14_000);
        own.publish();
        assertThat(own.search("q", "zeppelin").hits()).singleElement().satisfies(hit -> assertThat(
                hit.transcript()).extracting(SearchPage.TranscriptSnippet::url)
                .containsExactly("/talks/capconf-2024/deploying?t=41997"));
    }
}
