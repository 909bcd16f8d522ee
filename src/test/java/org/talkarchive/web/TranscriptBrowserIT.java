package org.talkarchive.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.selenium.AxeBuilder;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.talkarchive.config.SiteConfig;
import org.talkarchive.testing.Chromium;
import org.talkarchive.testing.Fixtures;
import org.talkarchive.testing.RealEngines;
import org.talkarchive.testing.TestArchive;

/**
 * The talk page's transcript in a real headless Chromium: the cues listed as links, the "search in transcript" box
 * narrowing them, the cue being said marked while an HTML5 video plays and a click on a cue seeking that video, a
 * cue of an embedded player that does not answer reloading the page at its second, and axe-core finding nothing
 * on the page in either colour scheme. The file talk's transcript is uploaded through the admin API (120 cues, one
 * every 5 s), so the list is long enough to scroll. The video files of the fixtures cannot be fetched here (no
 * network): the test sets the video's position and fires {@code timeupdate} itself, as playing would.
 */
@ExtendWith(RealEngines.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TranscriptBrowserIT {

    private static final String TOKEN = "transcript-browser-token";
    private static final String FILE_TALK = "/talks/capconf-2024/file-talk";
    private static final String YOUTUBE_TALK = "/talks/capconf-2024/garbage-collection";
    private static final int CUES = 120;

    private TestArchive t;
    private Path dir;
    private Javalin app;
    private String base;
    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeAll
    void start(TestArchive archive, @TempDir Path tempDir) throws Exception {
        assumeTrue(Chromium.installed(), "chromium and chromium-driver are not installed (.ci/run installs them)");
        t = archive;
        dir = tempDir;
        t.importAndPublish(Fixtures.copy("transcript-corpus", dir.resolve("corpus")));
        app = t.archive().web(Optional.of(TOKEN), SiteConfig.local(7070)).start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + app.port();
        long id = t.count("SELECT id FROM talk WHERE slug = 'file-talk'");
        HttpResponse<String> upload = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(base + "/api/admin/talks/" + id + "/transcript?format=vtt&file_name=packaging.vtt"))
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

    @BeforeEach
    void browser() {
        browser = Chromium.start(dir, true, 1280, 900);
        wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterEach
    void quit() {
        if (browser != null) {
            List<String> blocked = Chromium.cspViolations(browser);
            browser.quit();
            assertThat(blocked).as("what the Content-Security-Policy blocked").isEmpty();
        }
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.stop();
        }
    }

    private void open(String path) {
        browser.get(base + path);
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
        assertThat(cues.get(30).findElement(By.tagName("a")).getAttribute("href")).isEqualTo(base + FILE_TALK
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
        assertThat(browser.getCurrentUrl()).isEqualTo(base + FILE_TALK);
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
                .isEqualTo(base + FILE_TALK + "?t=205&tq=Manifest");

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
            found.addAll(axe("transcript with a cue being said, " + scheme));
            open(FILE_TALK + "?tq=manifest");
            assertThat(cues()).hasSize(2);
            found.addAll(axe("transcript searched, " + scheme));
            open(YOUTUBE_TALK);
            found.addAll(axe("transcript beside an embedded player, " + scheme));
        }
        assertThat(found).as("axe-core violations").isEmpty();
    }

    private List<String> axe(String where) {
        Results results = new AxeBuilder().analyze(browser);
        assertThat(results.isErrored()).as(results.getErrorMessage()).isFalse();
        assertThat(results.getPasses()).as("axe ran its rules").isNotEmpty();
        List<String> found = new ArrayList<>();
        results.getViolations().forEach(rule -> rule.getNodes().forEach(node -> found.add(where + ": " + rule.getId()
                + " (" + rule.getImpact() + ") " + node.getHtml() + " " + node.getFailureSummary())));
        return found;
    }
}
