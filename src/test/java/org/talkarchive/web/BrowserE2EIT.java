package org.talkarchive.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.talkarchive.search.SearchPage;
import org.talkarchive.testing.BrowserPerClass;
import org.talkarchive.testing.Chromium;
import org.talkarchive.testing.Fixtures;
import org.talkarchive.testing.RealEngines;
import org.talkarchive.testing.ServedSite;
import org.talkarchive.testing.TestArchive;

/**
 * The archive as a viewer uses it, in a real headless Chromium (Debian's chromium and chromedriver, which .ci/run
 * installs), checked against what the database and the search service say.
 */
@Tag("browser")
@ExtendWith(RealEngines.class)
@Order(5) // among the longest: started first (see the failsafe configuration in pom.xml)
class BrowserE2EIT {

    private static final Path SCREENSHOTS = Path.of("target/screenshots");

    private TestArchive t;
    @AutoClose
    private ServedSite site;
    private WebDriver browser;
    private WebDriverWait wait;

    @RegisterExtension
    static final BrowserPerClass CHROMIUM = new BrowserPerClass(1280, 1000);

    @BeforeEach
    void start(TestArchive archive) {
        browser = CHROMIUM.browser();
        t = archive;
        t.importAndPublish(Fixtures.sampleCorpus());
        site = ServedSite.start(t, Optional.empty());
        wait = Chromium.waitFor(browser, Duration.ofSeconds(10));
    }

    /** Finds and clicks in one step, again if the element was replaced in between. */
    private void click(By locator) {
        wait.until(d -> {
            d.findElement(locator).click();
            return true;
        });
    }

    private SearchPage expected(String... params) {
        return t.search(params);
    }

    private List<String> shownTitles() {
        return browser.findElements(By.cssSelector(".hit h3 a")).stream().map(WebElement::getText).toList();
    }

    private static List<String> titles(SearchPage page) {
        return page.hits().stream().map(h -> h.talk().title()).toList();
    }

    private String count() {
        return browser.findElement(By.id("result-count")).getText();
    }

    /** True when no instant search is waiting for the typist or for the server (the app marks the results busy). */
    private boolean idle() {
        return !"true".equals(browser.findElement(By.id("results-region")).getAttribute("aria-busy"));
    }

    private List<String> cspViolations() {
        return Chromium.cspViolations((ChromeDriver) browser);
    }

    /** The check that the pages break no rule of the policy could not fail if the browser did not report it. */
    @Test
    void wordsNamingAnEventBecomeAChipAndTalksFoundByMeaningSaySo() {
        t.archive().vectors().embedAll();
        t.publish();

        browser.get(site.url("/?q=") + java.net.URLEncoder.encode("djangocon 2023 migrations",
                java.nio.charset.StandardCharsets.UTF_8));
        WebElement understood = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("understood")));
        assertThat(understood.getText()).contains("“djangocon 2023”");
        assertThat(browser.findElements(By.cssSelector(".chips .chip")))
                .extracting(e -> e.getAttribute("aria-label")).containsExactly("Remove filter Event: DjangoCon US 2023");
        assertThat(browser.findElements(By.cssSelector(".hit h3"))).extracting(WebElement::getText)
                .containsExactlyInAnyOrder("Beyond the Basics of Migrations",
                        "Django migrations, friend or foe? Optimize your Django migrations for faster testing");
        assertThat(browser.findElement(By.id("q")).getAttribute("value")).isEqualTo("migrations");

        understood.findElement(By.tagName("a")).click(); // loads in place, as the filters' links do
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("understood")));
        assertThat(browser.findElements(By.cssSelector(".chips .chip"))).as("the words as typed, none read as a filter")
                .isEmpty();
        assertThat(browser.findElement(By.id("q")).getAttribute("value")).isEqualTo("djangocon 2023 migrations");

        browser.get(site.url("/?q=") + java.net.URLEncoder.encode("feeling exhausted and overworked",
                java.nio.charset.StandardCharsets.UTF_8));
        WebElement first = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".hit")));
        assertThat(first.findElement(By.tagName("h3")).getText()).isEqualTo("Keynote: Burnout and Balance");
        assertThat(first.findElement(By.cssSelector(".similar")).getText()).isEqualTo("Similar topic");
        assertThat(browser.findElements(By.cssSelector(".hit mark"))).as("no word of the search matched").isEmpty();
    }

    @Test
    void theBrowserReportsWhatThePolicyBlocks() {
        browser.get(site.url("/"));
        assertThat(cspViolations()).isEmpty();
        js("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">inline</p>')");
        wait.until(d -> !cspViolations().isEmpty());
        // the policy in force is ours: the inline style was refused
        assertThat((String) js("return getComputedStyle(document.body.lastElementChild).color"))
                .isNotEqualTo("rgb(255, 0, 0)");
        browser.get(site.url("/")); // a fresh page for the check after each test
        browser.manage().logs().get(LogType.BROWSER);
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private void screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void typePickFacetsPageAndOpenATalkAndASpeaker() throws Exception {
        browser.get(site.url("/?q="));
        long talks = t.count("SELECT count(*) FROM talk");
        assertThat(count()).isEqualTo(talks + " talks");

        // typing searches instantly and keeps the URL in step
        browser.findElement(By.id("q")).sendKeys("django");
        wait.until(ExpectedConditions.urlContains("q=django"));
        SearchPage django = expected("q", "django");
        wait.until(d -> count().equals(django.total() + " talks") && shownTitles().equals(titles(django)));
        WebElement suggestions = browser.findElement(By.id("suggestions"));
        wait.until(d -> suggestions.isDisplayed());
        browser.findElement(By.id("q")).sendKeys(Keys.ESCAPE);
        wait.until(d -> !suggestions.isDisplayed());
        // Escape closed the list and kept the query: no search for an emptied box is pending or under way
        wait.until(d -> idle());
        assertThat(browser.findElement(By.id("q")).getAttribute("value")).isEqualTo("django");
        assertThat(browser.getCurrentUrl()).contains("q=django");
        assertThat(count()).isEqualTo(django.total() + " talks");

        // a year from the chart, then a tag: facets narrow the results and show as chips
        click(By.cssSelector("[data-year='2023']"));
        wait.until(ExpectedConditions.urlContains("year=2023"));
        SearchPage in2023 = expected("q", "django", "year", "2023");
        wait.until(d -> count().equals(in2023.total() + (in2023.total() == 1 ? " talk" : " talks"))
                && shownTitles().equals(titles(in2023)));
        assertThat(browser.findElements(By.cssSelector(".hit time"))).allSatisfy(time ->
                assertThat(time.getAttribute("datetime")).startsWith("2023"));
        assertThat(browser.findElement(By.cssSelector(".chips")).getText()).contains("Year: 2023");
        screenshot("search.png");

        // removing the chip, then back and forward through the history
        click(By.cssSelector(".chips .chip"));
        wait.until(d -> !d.getCurrentUrl().contains("year=2023"));
        wait.until(d -> count().equals(django.total() + " talks"));
        browser.navigate().back();
        wait.until(ExpectedConditions.urlContains("year=2023"));
        wait.until(d -> count().equals(in2023.total() + (in2023.total() == 1 ? " talk" : " talks")));
        browser.navigate().forward();
        wait.until(d -> !d.getCurrentUrl().contains("year=2023"));

        // paging through all talks
        browser.get(site.url("/?sort=oldest"));
        click(By.cssSelector(".pages a[rel=next]"));
        wait.until(ExpectedConditions.urlContains("page=2"));
        SearchPage page2 = expected("sort", "oldest", "page", "2");
        wait.until(d -> shownTitles().equals(titles(page2)));
        assertThat(browser.findElement(By.cssSelector(".pages")).getText()).contains("Page 2 of 2");

        // a talk's page shows what the database holds; its speaker's page lists the speaker's talks
        String title = browser.findElement(By.cssSelector(".hit h3 a")).getText();
        click(By.cssSelector(".hit h3 a"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("article.talk h1")));
        assertThat(browser.findElement(By.cssSelector("article.talk h1")).getText()).isEqualTo(title);
        String slug = browser.getCurrentUrl().replaceAll(".*/", "");
        assertThat(t.strings("SELECT title FROM talk WHERE slug = ?", slug)).containsExactly(title);
        assertThat(browser.findElements(By.cssSelector(".player iframe, .player video"))).hasSize(1);
        screenshot("talk.png");

        WebElement speaker = browser.findElement(By.cssSelector("article.talk .meta a[href^='/speakers/']"));
        String speakerSlug = speaker.getAttribute("href").replaceAll(".*/speakers/", "");
        speaker.click();
        wait.until(ExpectedConditions.urlContains("/speakers/" + speakerSlug));
        String name = t.strings("SELECT name FROM speaker WHERE slug = ?", speakerSlug).get(0);
        long theirs = t.count("SELECT count(*) FROM talk_speaker ts JOIN speaker s ON s.id = ts.speaker_id WHERE s.slug = ?", speakerSlug);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo(name);
        assertThat(browser.findElement(By.id("talk-count")).getText())
                .isEqualTo(theirs + (theirs == 1 ? " talk" : " talks"));
        assertThat(browser.findElements(By.cssSelector(".talk-list .hit"))).hasSize((int) theirs);
    }

    /**
     * A talk with a YouTube upload and a direct file that no longer answers: the switcher's links change the
     * source, and the file's failure to load shows the way back to a working one.
     */
    @Test
    void thePlayerSwitchesSourcesAndOffersAWayOutWhenAFileFailsToLoad() {
        long talk = t.longs("SELECT talk_id FROM video_source WHERE url LIKE '%youtube.com%' ORDER BY talk_id LIMIT 1")
                .get(0);
        t.update("INSERT INTO video_source (talk_id, position, type, url) VALUES (?, 90, 'mp4', ?)", talk,
                "https://127.0.0.1:9/expired.mp4");
        String path = t.strings("SELECT '/talks/' || e.slug || '/' || x.slug FROM talk x JOIN event e ON e.id = x.event_id"
                + " WHERE x.id = ?", talk).get(0);
        browser.get(site.url(path));
        assertThat(browser.findElements(By.cssSelector(".player iframe[src*='youtube-nocookie.com']"))).hasSize(1);
        assertThat(browser.findElement(By.cssSelector("#sources a[aria-current=true]")).getText()).contains("YouTube");

        click(By.cssSelector("#sources a[data-source='2']"));
        wait.until(ExpectedConditions.urlContains("source=2"));
        assertThat(browser.findElements(By.cssSelector(".player iframe"))).isEmpty();
        assertThat(browser.findElement(By.cssSelector(".player video")).getAttribute("src"))
                .isEqualTo("https://127.0.0.1:9/expired.mp4");
        WebElement fallback = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("player-fallback")));
        assertThat(fallback.getText()).contains("could not be loaded", "Watch on YouTube");

        click(By.cssSelector("#player-fallback a[href*='source=1']"));
        wait.until(ExpectedConditions.urlContains("source=1"));
        assertThat(browser.findElements(By.cssSelector(".player iframe[src*='youtube-nocookie.com']"))).hasSize(1);

        // a shared start time reaches the file player too
        browser.get(site.base() + path + "?source=2&t=1m5s");
        assertThat(browser.findElement(By.cssSelector(".player video")).getAttribute("src")).endsWith("#t=65");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("player-fallback")));
    }

    /**
     * The answer to an older search arrives after a newer search has been shown: it must not bring back the older
     * URL or results. The page's own fetch is wrapped so the test decides when the older answer arrives.
     */
    @Test
    void anOlderAnswerNeverOverwritesANewerSearch() {
        browser.get(site.url("/?q=django"));
        js("""
                const original = window.fetch;
                window.heldBack = [];
                window.settled = 0;
                window.fetch = (url, options) => {
                  if (!String(url).startsWith('/?') || !String(url).includes('q=migrations')) return original(url, options);
                  return new Promise((resolve, reject) => window.heldBack.push(() =>
                    original(url, options).then(resolve, reject).finally(() => window.settled++)));
                };""");
        WebElement box = browser.findElement(By.id("q"));
        box.sendKeys(Keys.chord(Keys.CONTROL, "a"), "migrations");
        wait.until(d -> ((Number) js("return window.heldBack.length")).intValue() == 1);

        // a newer search (a year picked from the chart) is shown while the older answer is still held back
        js("document.querySelector(\"[data-year='2023']\").click()");
        wait.until(ExpectedConditions.urlContains("year=2023"));
        SearchPage newer = expected("q", "django", "year", "2023");
        wait.until(d -> idle() && shownTitles().equals(titles(newer)));

        js("window.heldBack.forEach(release => release())");
        wait.until(d -> ((Number) js("return window.settled")).intValue() == 1);
        wait.until(d -> idle());
        assertThat(browser.getCurrentUrl()).contains("q=django", "year=2023").doesNotContain("migrations");
        assertThat(shownTitles()).isEqualTo(titles(newer));
        assertThat(box.getAttribute("value")).isEqualTo("django");
    }

    @Test
    void suggestionsOfferSpeakersAndCanBeChosenByKeyboard() {
        browser.get(site.url("/"));
        WebElement box = browser.findElement(By.id("q"));
        box.sendKeys("carlt");
        WebElement option = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//ul[@id='suggestions']/li[span[@class='kind' and text()='speaker']]")));
        assertThat(option.getText()).contains("Carlton Gibson");
        assertThat(box.getAttribute("aria-expanded")).isEqualTo("true");
        List<WebElement> options = browser.findElements(By.cssSelector("#suggestions [role=option]"));
        for (int i = 0; i <= options.indexOf(option); i++) {
            box.sendKeys(Keys.ARROW_DOWN);
        }
        assertThat(box.getAttribute("aria-activedescendant")).isEqualTo(option.getAttribute("id"));
        box.sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.urlContains("/speakers/carlton-gibson"));
    }

    @Test
    void draggingAcrossTheYearChartSelectsARange() {
        browser.get(site.url("/?q="));
        WebElement from = browser.findElement(By.cssSelector("[data-year='2018']"));
        WebElement to = browser.findElement(By.cssSelector("[data-year='2021']"));
        new org.openqa.selenium.interactions.Actions(browser).clickAndHold(from).moveToElement(to).release().perform();
        wait.until(ExpectedConditions.urlContains("year_from=2018"));
        assertThat(browser.getCurrentUrl()).contains("year_to=2021").doesNotContain("year=");
        SearchPage range = expected("year_from", "2018", "year_to", "2021");
        wait.until(d -> count().equals(range.total() + " talks"));
        assertThat(browser.findElement(By.cssSelector(".chips")).getText()).contains("Years 2018–2021");
        assertThat(browser.findElements(By.cssSelector(".hit time"))).allSatisfy(time ->
                assertThat(time.getAttribute("datetime").substring(0, 4)).isBetween("2018", "2021"));
    }

    @Test
    void everythingWorksWithoutJavaScript() {
        browser = CHROMIUM.another(false);
        wait = Chromium.waitFor(browser, Duration.ofSeconds(10));
        browser.get(site.url("/"));
        browser.findElement(By.id("q")).sendKeys("migrations");
        click(By.cssSelector("#search-form button"));
        wait.until(ExpectedConditions.urlContains("q=migrations"));
        assertThat(shownTitles()).containsExactlyElementsOf(titles(expected("q", "migrations")));
        click(By.cssSelector("#facet-tag a[href*='tag=testing']"));
        wait.until(ExpectedConditions.urlContains("tag=testing"));
        assertThat(shownTitles()).containsExactlyElementsOf(titles(expected("q", "migrations", "tag", "testing")));
        browser.findElement(By.name("year_from")).sendKeys("2023");
        click(By.cssSelector("form.range button"));
        wait.until(ExpectedConditions.urlContains("year_from=2023"));
        assertThat(browser.getCurrentUrl()).contains("tag=testing", "q=migrations");
    }
}
