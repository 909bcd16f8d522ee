package org.talkarchive.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.talkarchive.testing.Axe;
import org.talkarchive.testing.BrowserPerClass;
import org.talkarchive.testing.Chromium;
import org.talkarchive.testing.Fixtures;
import org.talkarchive.testing.RealEngines;
import org.talkarchive.testing.ServedSite;
import org.talkarchive.testing.TestArchive;

/**
 * The talk page's transcript in a real headless Chromium: the cues listed as links, the "search in transcript" box
 * narrowing them, the cue being said marked while an HTML5 video plays and a click on a cue seeking that video, a
 * cue of an embedded player that does not answer reloading the page at its second, and axe-core finding nothing
 * on the page in either colour scheme. The file talk's transcript is uploaded through the admin API (120 cues, one
 * every 5 s), so the list is long enough to scroll. The video files of the fixtures cannot be fetched here (no
 * network): the test sets the video's position and fires {@code timeupdate} itself, as playing would.
 */
@Tag("browser")
@ExtendWith(RealEngines.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TranscriptBrowserIT {

    private static final String TOKEN = "transcript-browser-token-0123456789abcdefghijklmnop";
    private static final String FILE_TALK = "/talks/capconf-2024/file-talk";
    private static final String YOUTUBE_TALK = "/talks/capconf-2024/garbage-collection";
    private static final String VIMEO_TALK = "/talks/capconf-2024/orm-internals";
    private static final int CUES = 120;

    private TestArchive t;
    private Path dir;
    @AutoClose
    private ServedSite site;
    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeAll
    void start(TestArchive archive, @TempDir Path tempDir) throws Exception {
        assumeTrue(Chromium.installed(), "chromium and chromium-driver are not installed (.ci/run installs them)");
        t = archive;
        dir = tempDir;
        t.importAndPublish(Fixtures.copy("transcript-corpus", dir.resolve("corpus")));
        site = ServedSite.start(t, Optional.of(TOKEN));
        long id = t.count("SELECT id FROM talk WHERE slug = 'file-talk'");
        HttpResponse<String> upload = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(site.url("/api/admin/talks/" + id + "/transcript?format=vtt&file_name=packaging.vtt")))
                .header("Authorization", "Bearer " + TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofString(captions())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
        assertThat(upload.body()).contains("\"cues\":" + CUES);
    }

    /** One cue every 5 s; cues 40 and 41 talk about the manifest, the rest count. */
    private static String captions() {
        StringBuilder vtt = new StringBuilder("WEBVTT\n\n");
        for (int i = 0; i < CUES; i++) {
            String text = i == 40 ? "The manifest decides which files ship."
                    : i == 41 ? "Check the manifest before every release."
                    : "Step " + i + " of building a wheel.";
            vtt.append(String.format("%s --> %s%n%s%n%n", stamp(i * 5), stamp(i * 5 + 4), text));
        }
        return vtt.toString();
    }

    private static String stamp(int seconds) {
        return String.format("%02d:%02d:%02d.000", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    @RegisterExtension
    static final BrowserPerClass CHROMIUM = new BrowserPerClass(1280, 900);

    @BeforeEach
    void browser() {
        browser = CHROMIUM.browser();
        wait = Chromium.waitFor(browser, Duration.ofSeconds(10));
    }

    private void open(String path) {
        browser.get(site.url(path));
        wait.until(d -> !d.findElements(By.cssSelector("#transcript ol.cues")).isEmpty());
    }

    private Object js(String script, Object... args) {
        return browser.executeScript(script, args);
    }

    private List<WebElement> cues() {
        return browser.findElements(By.cssSelector("#transcript ol.cues li"));
    }

    /** The start ({@code data-start}) of every cue marked as being said. */
    @SuppressWarnings("unchecked")
    private List<String> marked() {
        return (List<String>) js("return [...document.querySelectorAll('#transcript li[aria-current=time]')]"
                + ".map(li => li.dataset.start)");
    }

    /** What the video does while it plays at {@code second}: its position moves there and it fires timeupdate. */
    private void playAt(double second) {
        js("const v = document.querySelector('video'); v.currentTime = arguments[0];"
                + " v.dispatchEvent(new Event('timeupdate'))", second);
    }

    @Test
    void thePageListsEveryCueAsALinkToItsSecond() {
        open(FILE_TALK);
        List<WebElement> cues = cues();
        assertThat(cues).hasSize(CUES);
        assertThat(cues.get(30).getText()).isEqualTo("2:30 Step 30 of building a wheel.");
        assertThat(cues.get(30).findElement(By.tagName("a")).getAttribute("href")).isEqualTo(site.base() + FILE_TALK
                + "?t=150");
        assertThat(cues.get(0).findElement(By.tagName("time")).getAttribute("datetime")).isEqualTo("PT0S");
        assertThat(marked()).as("nothing is said before the video plays").isEmpty();
    }

    @Test
    void theCueBeingSaidIsMarkedAndKeptInViewAsTheVideoPlays() {
        open(FILE_TALK);
        assertThat(js("return document.querySelector('#transcript ol.cues').scrollTop")).isEqualTo(0L);
        playAt(152.4);
        assertThat(marked()).containsExactly("150");
        assertThat(browser.findElement(By.cssSelector("li[data-start='150']")).getAttribute("class"))
                .contains("current");
        // the list scrolled so that the cue, 30 rows down, is inside its visible part
        assertThat((Boolean) js("""
                const list = document.querySelector('#transcript ol.cues').getBoundingClientRect();
                const cue = document.querySelector("li[data-start='150']").getBoundingClientRect();
                return cue.top >= list.top && cue.bottom <= list.bottom""")).isTrue();
        assertThat(((Number) js("return document.querySelector('#transcript ol.cues').scrollTop")).longValue())
                .isPositive();

        playAt(4.9);
        assertThat(marked()).as("one cue at a time, also going back").containsExactly("0");
        assertThat(browser.findElements(By.cssSelector("#transcript li.current"))).hasSize(1);
        playAt(599);
        assertThat(marked()).containsExactly("595");
    }

    @Test
    void aClickOnACueSeeksTheHtml5VideoWithoutLeavingThePage() {
        open(FILE_TALK);
        js("window.samePage = true");
        browser.findElement(By.cssSelector("li[data-start='300'] a")).click();
        assertThat(js("return window.samePage")).as("the page was not reloaded").isEqualTo(true);
        assertThat(browser.getCurrentUrl()).isEqualTo(site.url(FILE_TALK));
        assertThat(((Number) js("return document.querySelector('video').currentTime")).doubleValue())
                .isEqualTo(300.0);
        js("document.querySelector('video').dispatchEvent(new Event('timeupdate'))");
        assertThat(marked()).containsExactly("300");
    }

    @Test
    void onAnEmbeddedPlayerThatDoesNotAnswerACueReloadsThePageAtItsSecond() {
        open(YOUTUBE_TALK);
        assertThat(browser.findElement(By.cssSelector(".player iframe")).getAttribute("src"))
                .doesNotContain("start=");
        browser.findElement(By.cssSelector("li[data-start='90'] a")).click();
        wait.until(d -> d.getCurrentUrl().endsWith(YOUTUBE_TALK + "?t=90"));
        assertThat(browser.findElement(By.cssSelector(".player iframe")).getAttribute("src"))
                .contains("/embed/gcTalk00001?start=90");
    }

    @Test
    void theSearchBoxNarrowsTheCuesAndLeadsBackToAll() {
        open(FILE_TALK);
        WebElement box = browser.findElement(By.id("tq"));
        box.sendKeys("Manifest");
        box.submit();
        wait.until(d -> d.getCurrentUrl().contains("tq=Manifest"));
        assertThat(cues()).extracting(WebElement::getText).containsExactly(
                "3:20 The manifest decides which files ship.", "3:25 Check the manifest before every release.");
        assertThat(browser.findElement(By.cssSelector(".transcript-count")).getText())
                .startsWith("2 of " + CUES + " cues hold “Manifest”.");
        assertThat(browser.findElement(By.id("tq")).getAttribute("value")).isEqualTo("Manifest");
        assertThat(cues().get(1).findElement(By.tagName("a")).getAttribute("href"))
                .isEqualTo(site.base() + FILE_TALK + "?t=205&tq=Manifest");

        browser.findElement(By.linkText("Show the whole transcript")).click();
        wait.until(d -> cues().size() == CUES);
        assertThat(browser.getCurrentUrl()).doesNotContain("tq=");
    }

    @Test
    void axeFindsNoViolationOnTheTranscriptInEitherScheme() {
        List<String> found = new ArrayList<>();
        for (String scheme : List.of("light", "dark")) {
            Chromium.colorScheme(browser, scheme);
            open(FILE_TALK);
            playAt(150);
            assertThat(marked()).containsExactly("150");
            found.addAll(axe("transcript with a cue being said, " + scheme, scheme));
            open(FILE_TALK + "?tq=manifest");
            assertThat(cues()).hasSize(2);
            found.addAll(axe("transcript searched, " + scheme, scheme));
            open(YOUTUBE_TALK);
            found.addAll(axe("transcript beside an embedded player, " + scheme, scheme));
        }
        assertThat(found).as("axe-core violations").isEmpty();
    }

    // ---- YouTube and Vimeo players, followed through their messages

    /** The page's pure reader of player messages ({@code playerMessages} in talk.js) on a message sent as text. */
    private Object read(String kind, String origin, String text) {
        return js("return playerMessages.read(arguments[0], arguments[1], arguments[2])", kind, origin, text);
    }

    /** The same on a message sent as an object (the JSON given, parsed in the page). */
    private Object readObject(String kind, String origin, String json) {
        return js("return playerMessages.read(arguments[0], arguments[1], JSON.parse(arguments[2]))", kind, origin,
                json);
    }

    @Test
    void playerMessagesCountOnlyFromThePlayersOwnOrigin() {
        open(YOUTUBE_TALK);
        String info = "{\"event\":\"infoDelivery\",\"info\":{\"currentTime\":12.5}}";
        assertThat(read("youtube", "https://www.youtube-nocookie.com", info)).isEqualTo(Map.of("seconds", 12.5));
        assertThat(read("youtube", "https://www.youtube.com", info)).isEqualTo(Map.of("seconds", 12.5));
        assertThat(readObject("youtube", "https://www.youtube.com", info)).isEqualTo(Map.of("seconds", 12.5));
        for (String origin : List.of("https://evil.example", "http://www.youtube-nocookie.com",
                "https://www.youtube-nocookie.com.evil.example", "https://player.vimeo.com", site.base(), "null", "")) {
            assertThat(read("youtube", origin, info)).as(origin).isNull();
        }
        assertThat(read("youtube", "https://www.youtube.com", "{\"event\":\"onReady\"}"))
                .isEqualTo(Map.of("ready", true));
        for (String noTime : List.of("not json", "5", "null", "[1]", "{\"event\":\"onStateChange\",\"info\":1}",
                "{\"event\":\"timeupdate\",\"data\":{\"seconds\":3}}",
                "{\"event\":\"infoDelivery\",\"info\":{\"currentTime\":\"12\"}}",
                "{\"event\":\"infoDelivery\",\"info\":{\"currentTime\":-1}}")) {
            assertThat(read("youtube", "https://www.youtube.com", noTime)).as(noTime)
                    .isIn(null, Map.of("ready", true));
        }

        String update = "{\"event\":\"timeupdate\",\"data\":{\"seconds\":201.25,\"percent\":0.1}}";
        assertThat(read("vimeo", "https://player.vimeo.com", update)).isEqualTo(Map.of("seconds", 201.25));
        assertThat(readObject("vimeo", "https://player.vimeo.com", update)).isEqualTo(Map.of("seconds", 201.25));
        assertThat(read("vimeo", "https://vimeo.com", update)).isNull();
        assertThat(read("vimeo", "https://www.youtube.com", update)).isNull();
        assertThat(read("vimeo", "https://player.vimeo.com", "{\"event\":\"ready\"}")).isEqualTo(Map.of("ready", true));
        assertThat(read("vimeo", "https://player.vimeo.com", "{\"event\":\"timeupdate\",\"data\":{}}")).isNull();
        assertThat(read("vimeo", "https://player.vimeo.com", "{\"event\":\"play\",\"data\":{\"seconds\":3}}"))
                .isNull();
        assertThat(read("archive", "https://archive.org", update)).isNull();
        assertThat(read("__proto__", "https://player.vimeo.com", update)).isNull();

        assertThat(js("return ['https://www.youtube-nocookie.com/embed/x?start=1', 'https://www.youtube.com/embed/x',"
                + " 'https://player.vimeo.com/video/1#t=2s', 'https://archive.org/embed/x',"
                + " 'https://player.vimeo.com.evil.example/video/1', 'http://player.vimeo.com/video/1', 'nonsense']"
                + ".map(playerMessages.kind)")).isEqualTo(Arrays.asList("youtube", "youtube", "vimeo", null, null,
                null, null));
        assertThat(js("return [playerMessages.listen('youtube'), playerMessages.listen('vimeo')]")).isEqualTo(List.of(
                "{\"event\":\"listening\",\"id\":1,\"channel\":\"widget\"}",
                "{\"method\":\"addEventListener\",\"value\":\"timeupdate\"}"));
        assertThat(js("return playerMessages.seek('youtube', 90).concat(playerMessages.seek('vimeo', 90))"))
                .isEqualTo(List.of("{\"event\":\"command\",\"func\":\"seekTo\",\"args\":[90,true],\"id\":1,"
                                + "\"channel\":\"widget\"}",
                        "{\"event\":\"command\",\"func\":\"playVideo\",\"args\":[],\"id\":1,\"channel\":\"widget\"}",
                        "{\"method\":\"setCurrentTime\",\"value\":90}", "{\"method\":\"play\"}"));
    }

    /**
     * Stands in for the embedded player's window, which cannot load here (no network): a same-origin frame whose
     * {@code postMessage} records what the page sends, put where the page looks for the player's window. Messages
     * "from the player" are then dispatched with that window as their source and the origin given; a message the
     * page posts itself arrives with the page's own origin, as a forged one from any other frame would.
     */
    private static final String STAND_IN = """
            const player = document.querySelector('.player iframe');
            const stand = document.createElement('iframe');
            stand.hidden = true;
            document.body.append(stand);
            window.sent = [];
            stand.contentWindow.postMessage = (message, target) => window.sent.push([message, target]);
            Object.defineProperty(player, 'contentWindow', { get: () => stand.contentWindow });
            window.fromPlayer = (origin, data, source) => window.dispatchEvent(new MessageEvent('message',
              { origin, data, source: source || stand.contentWindow }));""";

    @SuppressWarnings("unchecked")
    private List<List<String>> sent() {
        return (List<List<String>>) js("return window.sent");
    }

    @Test
    void aYouTubePlayerThatAnswersIsFollowedAndSeekedWithoutAReload() {
        open(YOUTUBE_TALK);
        assertThat(browser.findElement(By.cssSelector(".player iframe")).getAttribute("src"))
                .isEqualTo("https://www.youtube-nocookie.com/embed/gcTalk00001?enablejsapi=1"
                        + "&origin=http%3A%2F%2Flocalhost%3A7070");
        js(STAND_IN);
        String listening = "{\"event\":\"listening\",\"id\":1,\"channel\":\"widget\"}";
        wait.until(d -> sent().contains(List.of(listening, "https://www.youtube-nocookie.com")));

        String at130 = "{\"event\":\"infoDelivery\",\"info\":{\"currentTime\":130}}";
        js("fromPlayer('https://evil.example', arguments[0])", at130);
        js("fromPlayer('https://www.youtube-nocookie.com', arguments[0], window)", at130);
        js("window.postMessage(arguments[0], '*')", at130); // real, from the page's own origin
        js("return new Promise(done => setTimeout(done, 100))");
        assertThat(marked()).as("messages from another origin or another window").isEmpty();

        js("fromPlayer('https://www.youtube-nocookie.com', arguments[0])", at130);
        assertThat(marked()).containsExactly("125");
        js("fromPlayer('https://www.youtube.com', arguments[0])",
                "{\"event\":\"infoDelivery\",\"info\":{\"currentTime\":3725.5}}");
        assertThat(marked()).containsExactly("3723");

        js("window.samePage = true; window.sent = []");
        browser.findElement(By.cssSelector("li[data-start='600'] a")).click();
        assertThat(js("return window.samePage")).as("the page was not reloaded").isEqualTo(true);
        assertThat(browser.getCurrentUrl()).isEqualTo(site.url(YOUTUBE_TALK));
        assertThat(sent()).containsExactly(
                List.of("{\"event\":\"command\",\"func\":\"seekTo\",\"args\":[600,true],\"id\":1,"
                        + "\"channel\":\"widget\"}", "https://www.youtube-nocookie.com"),
                List.of("{\"event\":\"command\",\"func\":\"playVideo\",\"args\":[],\"id\":1,\"channel\":\"widget\"}",
                        "https://www.youtube-nocookie.com"));
        assertThat(marked()).containsExactly("600");
    }

    @Test
    void aVimeoPlayerIsAskedForItsTimeWhenReadyThenFollowedAndSeeked() {
        open(VIMEO_TALK);
        js(STAND_IN);
        String subscribe = "{\"method\":\"addEventListener\",\"value\":\"timeupdate\"}";
        wait.until(d -> sent().contains(List.of(subscribe, "https://player.vimeo.com")));
        js("window.sent = []");
        js("fromPlayer('https://player.vimeo.com', arguments[0])", "{\"event\":\"ready\",\"player_id\":null}");
        assertThat(sent()).as("asked again once ready").contains(List.of(subscribe, "https://player.vimeo.com"));

        js("fromPlayer('https://vimeo.com', arguments[0])", "{\"event\":\"timeupdate\",\"data\":{\"seconds\":201}}");
        assertThat(marked()).isEmpty();
        js("fromPlayer('https://player.vimeo.com', arguments[0])",
                "{\"event\":\"timeupdate\",\"data\":{\"seconds\":201,\"percent\":0.4,\"duration\":500}}");
        assertThat(marked()).containsExactly("200");

        js("window.samePage = true; window.sent = []");
        browser.findElement(By.cssSelector("li[data-start='465'] a")).click();
        assertThat(js("return window.samePage")).isEqualTo(true);
        assertThat(browser.getCurrentUrl()).isEqualTo(site.url(VIMEO_TALK));
        assertThat(sent()).containsExactly(List.of("{\"method\":\"setCurrentTime\",\"value\":465}",
                "https://player.vimeo.com"), List.of("{\"method\":\"play\"}", "https://player.vimeo.com"));
        assertThat(marked()).containsExactly("465");
    }

    /** Axe on the page as it is now, with the rules worth running in {@code scheme} (all of them in the light one). */
    private List<String> axe(String where, String scheme) {
        return Axe.violations(browser, where, Axe.rulesFor(scheme));
    }
}
