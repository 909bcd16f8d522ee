package org.talkarchive.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.talkarchive.testing.BrowserPerClass;
import org.talkarchive.testing.Chromium;
import org.talkarchive.testing.Fixtures;
import org.talkarchive.testing.PageWeight;
import org.talkarchive.testing.RealEngines;
import org.talkarchive.testing.ServedSite;
import org.talkarchive.testing.TestArchive;

/**
 * The archive as a video site on a phone and at a desk, in a real headless Chromium: the home page, results as cards
 * that reflow with the width, where focus and view go after a load in place, Back after typing, a finger scrolling
 * over the year chart and tapping a range on it, broken thumbnails, and what every page type weighs.
 */
@Tag("browser")
@ExtendWith(RealEngines.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ViewerExperienceBrowserIT {

    @RegisterExtension
    static final BrowserPerClass CHROMIUM = new BrowserPerClass(1280, 900);

    private TestArchive t;
    @AutoClose
    private ServedSite site;
    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeAll
    void start(TestArchive archive) {
        assumeTrue(Chromium.installed(), "chromium and chromium-driver are not installed (.ci/run installs them)");
        t = archive;
        t.importAndPublish(Fixtures.sampleCorpus());
        site = ServedSite.start(t, Optional.empty());
    }

    @BeforeEach
    void browser() {
        browser = CHROMIUM.browser();
        wait = Chromium.waitFor(browser, Duration.ofSeconds(10));
    }

    private Object js(String script, Object... args) {
        return browser.executeScript(script, args);
    }

    private long number(String script, Object... args) {
        return ((Number) js(script, args)).longValue();
    }

    private String count() {
        return browser.findElement(By.id("result-count")).getText();
    }

    private boolean idle() {
        return !"true".equals(browser.findElement(By.id("results-region")).getAttribute("aria-busy"));
    }

    /** How many cards share the first row of results: cards are in one row when their tops are level. */
    private long columns() {
        return number("""
                const cards = [...document.querySelectorAll('#results .hit')];
                const top = cards[0].getBoundingClientRect().top;
                return cards.filter(c => Math.abs(c.getBoundingClientRect().top - top) < 1).length;""");
    }

    @Test
    void theHomePageOffersTheBoxNewestTalksRecentEventsTagsAndSeries() {
        browser.get(site.url("/"));
        WebElement box = browser.findElement(By.id("q"));
        assertThat(browser.findElement(By.cssSelector("main form.search")).getRect().getY())
                .as("the box comes first").isLessThan(browser.findElement(By.id("newest")).getRect().getY());
        List<String> newest = t.strings("SELECT title FROM talk WHERE NOT hidden"
                + " ORDER BY recorded DESC NULLS LAST, id DESC LIMIT 12");
        assertThat(browser.findElements(By.cssSelector("#newest .hit h3"))).extracting(WebElement::getText)
                .containsExactlyElementsOf(newest);
        List<WebElement> events = browser.findElements(By.cssSelector("#recent-events li"));
        assertThat(events).isNotEmpty().allSatisfy(e -> {
            assertThat(e.findElements(By.cssSelector(".thumb"))).hasSize(1);
            assertThat(e.findElement(By.cssSelector(".meta")).getText()).matches("\\d+ talks?( · .*)?");
        });
        assertThat(browser.findElements(By.cssSelector("#popular-tags a.chip"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#series a.chip"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#newest img[loading=lazy]"))).as("thumbnails load lazily")
                .hasSameSizeAs(browser.findElements(By.cssSelector("#newest img")));

        // typing turns the home page into results in place; Back brings the empty start page back
        box.sendKeys("django");
        wait.until(ExpectedConditions.urlContains("q=django"));
        wait.until(d -> idle() && count().endsWith("talks"));
        browser.navigate().back();
        wait.until(ExpectedConditions.urlToBe(site.url("/")));
        wait.until(d -> !d.findElements(By.id("newest")).isEmpty());
        assertThat(browser.findElement(By.id("q")).getAttribute("value")).isEmpty();
    }

    @Test
    void anyParameterKeepsTheSearchPage() {
        browser.get(site.url("/?q="));
        long talks = t.count("SELECT count(*) FROM talk");
        assertThat(count()).isEqualTo(talks + " talks");
        assertThat(browser.findElements(By.id("newest"))).isEmpty();
        assertThat(browser.findElement(By.id("heading")).getText()).isEqualTo("All talks");
    }

    @Test
    void typingThenEnterLeavesOneHistoryEntryAndBackReachesTheStartPage() {
        browser.get(site.url("/"));
        long before = number("return history.length");
        browser.findElement(By.id("q")).sendKeys("django");
        wait.until(ExpectedConditions.urlContains("q=django"));
        wait.until(d -> idle());
        browser.findElement(By.id("q")).sendKeys(org.openqa.selenium.Keys.ENTER);
        wait.until(d -> idle());
        assertThat(number("return history.length")).as("one entry for the search typed and entered")
                .isEqualTo(before + 1);
        browser.navigate().back();
        wait.until(ExpectedConditions.urlToBe(site.url("/")));
        wait.until(d -> !d.findElements(By.id("newest")).isEmpty());
    }

    @Test
    void afterAFacetOrAPageLinkFocusAndViewMoveToTheResults() {
        Chromium.viewport(browser, 360, 740, true);
        browser.get(site.url("/?q=&per_page=5"));
        browser.findElement(By.cssSelector("#filters > summary")).click();
        WebElement tag = browser.findElement(By.cssSelector("#facet-tag a[href*='tag=']"));
        js("arguments[0].scrollIntoView({block: 'center'})", tag);
        assertThat(number("return window.scrollY")).isPositive();
        tag.click();
        wait.until(ExpectedConditions.urlContains("tag="));
        wait.until(d -> "results-heading".equals(js("return document.activeElement.id")));
        assertThat(number("return Math.round(document.getElementById('results').getBoundingClientRect().top)"))
                .as("the results are in view").isBetween(-2L, 50L);
        assertThat(browser.findElement(By.id("live")).getAttribute("textContent")).isEqualTo(count());

        browser.get(site.url("/?q=&per_page=5"));
        WebElement next = browser.findElement(By.cssSelector(".pages a[rel=next]"));
        js("arguments[0].scrollIntoView({block: 'center'})", next);
        next.click();
        wait.until(ExpectedConditions.urlContains("page=2"));
        wait.until(d -> "results-heading".equals(js("return document.activeElement.id")));
        assertThat(number("return Math.round(document.getElementById('results').getBoundingClientRect().top)"))
                .isBetween(-2L, 50L);
    }

    @Test
    void aFingerSwipingOverTheYearChartScrollsAndSelectsNothing() {
        Chromium.viewport(browser, 360, 740, true);
        browser.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", true, "maxTouchPoints", 5));
        browser.get(site.url("/?q="));
        browser.findElement(By.cssSelector("#filters > summary")).click();
        WebElement chart = browser.findElement(By.cssSelector("[data-years]"));
        js("arguments[0].scrollIntoView({block: 'center'})", chart);
        long scrolled = number("return window.scrollY");
        String url = browser.getCurrentUrl();
        long y = number("return Math.round(arguments[0].getBoundingClientRect().top + 10)", chart);
        // a finger presses on the chart and moves down the screen: the page scrolls back up towards the results
        // (with touch-action: none it would not move, and the drag would have brushed a range)
        browser.executeCdpCommand("Input.dispatchTouchEvent",
                Map.of("type", "touchStart", "touchPoints", List.of(Map.of("x", 180, "y", y))));
        for (int step = 1; step <= 15; step++) {
            browser.executeCdpCommand("Input.dispatchTouchEvent",
                    Map.of("type", "touchMove", "touchPoints", List.of(Map.of("x", 180, "y", y + step * 20))));
        }
        browser.executeCdpCommand("Input.dispatchTouchEvent", Map.of("type", "touchEnd", "touchPoints", List.of()));
        wait.until(d -> number("return window.scrollY") < scrolled - 100);
        assertThat(browser.getCurrentUrl()).as("no year filter from a swipe").isEqualTo(url);
        assertThat(browser.findElements(By.cssSelector(".chips .chip"))).isEmpty();
        assertThat(js("return getComputedStyle(arguments[0]).touchAction", chart)).isEqualTo("pan-y");
    }

    @Test
    void cardsReflowFromOneColumnOnAPhoneToSeveralAtADesk() {
        Chromium.viewport(browser, 360, 740, true);
        browser.get(site.url("/?q="));
        assertThat(columns()).as("at 360 px").isEqualTo(1);
        Chromium.viewport(browser, 768, 1000, false);
        browser.get(site.url("/?q="));
        assertThat(columns()).as("at 768 px").isEqualTo(2);
        Chromium.viewport(browser, 1280, 900, false);
        browser.get(site.url("/?q="));
        assertThat(columns()).as("at 1280 px").isBetween(3L, 4L);
        WebElement card = browser.findElement(By.cssSelector("#results .hit"));
        WebElement thumb = card.findElement(By.cssSelector(".thumb"));
        assertThat((double) thumb.getRect().getWidth() / thumb.getRect().getHeight()).as("16:9")
                .isBetween(1.7, 1.85);
        assertThat(js("return getComputedStyle(arguments[0]).textDecorationLine",
                card.findElement(By.cssSelector("h3 a")))).as("no underline until hovered").isEqualTo("none");

        // the title's link covers the thumbnail: one link to the talk a card, and a click on the picture opens it
        String talk = card.findElement(By.cssSelector("h3 a")).getAttribute("href");
        assertThat(card.findElements(By.tagName("a"))).filteredOn(a -> talk.equals(a.getAttribute("href"))).hasSize(1);
        new Actions(browser).moveToElement(thumb, 0, thumb.getRect().getHeight() / 4).click().perform();
        wait.until(ExpectedConditions.urlToBe(talk));
    }

    @Test
    void speakerPagesShowTheirTalksFirst() {
        Chromium.viewport(browser, 360, 740, true);
        String speaker = t.strings("SELECT s.slug FROM speaker s JOIN talk_speaker ts ON ts.speaker_id = s.id"
                + " GROUP BY s.slug ORDER BY count(*) DESC, s.slug LIMIT 1").get(0);
        browser.get(site.url("/speakers/") + speaker);
        WebElement firstTalk = browser.findElement(By.cssSelector(".profile-talks .hit"));
        assertThat(firstTalk.getRect().getY()).as("the first talk within the first screen").isLessThan(740);
        assertThat(browser.findElement(By.cssSelector("details.facts-panel")).getAttribute("open"))
                .as("the other facts fold on a phone").isNull();
    }

    /** A tap where a finger touches the screen: CSS pixels from the viewport's top left corner. */
    private void tap(WebElement element) {
        js("arguments[0].scrollIntoView({block: 'center'})", element);
        long x = number("const r = arguments[0].getBoundingClientRect(); return Math.round(r.left + r.width / 2)", element);
        long y = number("const r = arguments[0].getBoundingClientRect(); return Math.round(r.top + r.height / 2)", element);
        browser.executeCdpCommand("Input.dispatchTouchEvent",
                Map.of("type", "touchStart", "touchPoints", List.of(Map.of("x", x, "y", y))));
        browser.executeCdpCommand("Input.dispatchTouchEvent", Map.of("type", "touchEnd", "touchPoints", List.of()));
    }

    @Test
    void aFingerTapsTheFirstYearThenTheLastAndTheRangeBetweenIsSelected() {
        Chromium.viewport(browser, 360, 740, true);
        browser.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", true, "maxTouchPoints", 5));
        try {
            browser.get(site.url("/?q="));
            browser.findElement(By.cssSelector("#filters > summary")).click();
            List<WebElement> years = browser.findElements(By.cssSelector("[data-years] a.bar"));
            assertThat(years).hasSizeGreaterThanOrEqualTo(3);
            WebElement last = years.get(years.size() - 1);
            WebElement first = years.get(1);
            String from = first.getAttribute("data-year");
            String to = last.getAttribute("data-year");
            String url = browser.getCurrentUrl();

            tap(last); // the end first: the range is the same either way round
            wait.until(d -> browser.findElement(By.id("live")).getAttribute("textContent").startsWith("From " + to));
            assertThat(browser.getCurrentUrl()).as("one tap applies nothing yet").isEqualTo(url);
            assertThat(last.getAttribute("class")).contains("brushing");

            tap(first);
            wait.until(ExpectedConditions.urlContains("year_from=" + from + "&year_to=" + to));
            wait.until(d -> idle());
            assertThat(browser.findElement(By.cssSelector(".chips .chip")).getText()).startsWith("Years " + from + "–" + to);
        } finally {
            browser.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", false));
        }
        // a mouse click (or Enter) on a bar still follows its link: that one year
        Chromium.viewport(browser, 1280, 900, false);
        browser.get(site.url("/?q="));
        WebElement bar = browser.findElement(By.cssSelector("[data-years] a.bar"));
        String year = bar.getAttribute("data-year");
        bar.sendKeys(org.openqa.selenium.Keys.ENTER);
        wait.until(ExpectedConditions.urlContains("year=" + year));
    }

    private static BufferedImage image(byte[] png) {
        try {
            return ImageIO.read(new ByteArrayInputStream(png));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aThumbnailThatCannotLoadLeavesTheTalksInitialsOnAPlainGround() {
        var talk = t.strings("SELECT t.id || ' ' || s.slug || ' ' || coalesce(t.thumbnail_url, '') FROM talk t"
                + " JOIN talk_speaker ts ON ts.talk_id = t.id JOIN speaker s ON s.id = ts.speaker_id"
                + " WHERE t.thumbnail_url LIKE 'https://%' ORDER BY t.id LIMIT 1").get(0).split(" ");
        long id = Long.parseLong(talk[0]);
        String title = t.strings("SELECT title FROM talk WHERE id = ?", id).get(0);
        // nothing listens on port 9: the browser's request fails at once, as for a video host that is down
        t.update("UPDATE talk SET thumbnail_url = 'https://127.0.0.1:9/unreachable.jpg' WHERE id = ?", id);
        try {
            browser.get(site.url("/speakers/") + talk[1]);
            WebElement thumb = browser.findElements(By.cssSelector(".hit")).stream()
                    .filter(card -> card.findElement(By.cssSelector("h3")).getText().equals(title)).findFirst()
                    .orElseThrow().findElement(By.cssSelector(".thumb"));
            js("arguments[0].scrollIntoView({block: 'center'})", thumb);
            WebElement img = thumb.findElement(By.tagName("img"));
            wait.until(d -> (Boolean) js("return arguments[0].complete && arguments[0].naturalWidth === 0", img));
            assertThat((double) thumb.getRect().getWidth() / thumb.getRect().getHeight()).as("16:9")
                    .isBetween(1.7, 1.85);
            assertThat(js("return getComputedStyle(arguments[0], '::after').content", img)).asString()
                    .startsWith("\"" + org.talkarchive.ui.Formats.initials(title) + "\"");
            // no broken-image icon nor border: the card looks as it does for a talk without a thumbnail
            BufferedImage broken = image(thumb.getScreenshotAs(OutputType.BYTES));
            js("arguments[0].parentElement.dataset.initials = arguments[0].dataset.initials; arguments[0].remove()", img);
            BufferedImage none = image(thumb.getScreenshotAs(OutputType.BYTES));
            // Compared with a tolerance: the two are drawn by different boxes (the image's ::after, the link's ::before),
            // whose edges and gradient may be a shade apart; the broken-image icon (16 px) and its grey border
            // (the whole outline) are hundreds of pixels far off.
            int differ = 0;
            for (int x = 0; x < Math.min(broken.getWidth(), none.getWidth()); x++) {
                for (int y = 0; y < Math.min(broken.getHeight(), none.getHeight()); y++) {
                    int a = broken.getRGB(x, y);
                    int b = none.getRGB(x, y);
                    int far = 0;
                    for (int shift = 0; shift <= 16; shift += 8) {
                        far = Math.max(far, Math.abs((a >> shift & 0xff) - (b >> shift & 0xff)));
                    }
                    differ += far > 48 ? 1 : 0;
                }
            }
            assertThat(differ).as("pixels where the broken image differs from the placeholder alone").isLessThan(20);
        } finally {
            t.update("UPDATE talk SET thumbnail_url = ? WHERE id = ?", talk.length > 2 ? talk[2] : null, id);
        }
    }

    /**
     * No page type costs the viewer more than 60 KB of our own bytes (HTML, our CSS and JavaScript, as decoded; not
     * the video hosts' thumbnails): the budget of issue 31, on the test corpus (on the full corpus, see
     * docs/benchmarks.md). Here rather than in PagesIT, which has no browser to count what a page loads.
     */
    @Test
    void everyPageTypeWeighsUnder60KbOfOurOwnBytes() {
        PageWeight.withoutCache(browser);
        try {
            browser.get(site.url("/"));
            String talk = browser.findElement(By.cssSelector("#newest .hit h3 a")).getAttribute("href");
            String speaker = browser.findElement(By.cssSelector("#newest .hit .speakers a")).getAttribute("href");
            browser.get(site.url("/events"));
            String event = browser.findElement(By.cssSelector("main a[href^='/events/']")).getAttribute("href");
            String series = browser.findElement(By.cssSelector("main a[href^='/series/']")).getAttribute("href");
            for (String url : List.of(site.url("/"), site.url("/?q=django"), site.url("/?q="), talk, speaker,
                    site.url("/events"), event, series, site.url("/speakers"))) {
                PageWeight.Load load = PageWeight.load(browser, url);
                assertThat(load.assetBytes()).as(url + ": the stylesheet and scripts were counted").isPositive();
                assertThat(load.ownBytes()).as(url + ": own bytes").isLessThan(60 * 1024);
            }
        } finally {
            browser.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", false));
        }
    }
}
