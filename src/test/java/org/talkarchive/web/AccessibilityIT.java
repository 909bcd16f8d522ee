package org.talkarchive.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.talkarchive.importer.SampleCorpus;
import org.talkarchive.search.FacetField;
import org.talkarchive.search.SearchPage;
import org.talkarchive.talks.EventSeries;
import org.talkarchive.talks.PagePaths;
import org.talkarchive.testing.Axe;
import org.talkarchive.testing.BrowserPerClass;
import org.talkarchive.testing.Chromium;
import org.talkarchive.testing.Fixtures;
import org.talkarchive.testing.RealEngines;
import org.talkarchive.testing.ServedSite;
import org.talkarchive.testing.TestArchive;
import org.talkarchive.ui.Formats;

/**
 * Every page type on a phone and by keyboard, checked by axe-core (Deque's rules, run in a real headless Chromium) in
 * light and dark mode, at desktop and phone width. The corpus is the sample plus the longest titles, words, names and
 * URLs of the real corpus (test resources, longest-words-corpus), since those are what push a page wider than a phone.
 */
@Tag("browser")
@ExtendWith(RealEngines.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Order(Integer.MAX_VALUE)
class AccessibilityIT {

    private static final List<Integer> PHONES = List.of(320, 360, 414);
    private static final int PHONE = 360;
    private static final int DESKTOP = 1280;
    private static final Path SCREENSHOTS = Path.of("docs/screenshots");

    /** A page to check: what it is, where it is, and what on it shows that it is that page (not an error). */
    record Page(String name, String path, By shows) {
    }

    private TestArchive t;
    private Path dir;
    @AutoClose
    private ServedSite site;
    private List<Page> pages;
    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeAll
    void start(TestArchive archive, @TempDir Path tempDir) {
        assumeTrue(Chromium.installed(), "chromium and chromium-driver are not installed (.ci/run installs them)");
        t = archive;
        dir = tempDir;
        Path corpus = SampleCorpus.extractTo(dir.resolve("corpus"));
        Fixtures.copy("longest-words-corpus", corpus);
        t.importAndPublish(corpus);
        site = ServedSite.start(t, Optional.empty());
        pages = pages();
    }

    /** Every page type; a new page type is one more line. */
    private List<Page> pages() {
        String talk = t.strings("SELECT k.slug FROM talk k WHERE k.title LIKE 'Unlock the power of insurtech%'").get(0);
        String speaker = t.strings("SELECT slug FROM speaker WHERE name LIKE 'Python Web Conf supports%'").get(0);
        return List.of(
                new Page("home", "/", By.cssSelector("#newest .hit")),
                new Page("all talks", "/?q=", By.cssSelector(".hit")),
                new Page("search with results", "/?q=insurtech", By.cssSelector(".hit")),
                new Page("search for the longest word", "/?q=responsive", By.cssSelector(".hit")),
                new Page("search with filters selected", "/?q=django&tag=testing&year_from=2018&year_to=2021",
                        By.cssSelector(".chips .chip")),
                new Page("search without results", "/?q=qqqzzzxxy", By.id("no-results")),
                new Page("talk", PagePaths.talk("hsvpy", talk), By.cssSelector("article.talk")),
                new Page("report thanks", PagePaths.talk("hsvpy", talk) + "/reported", By.id("report-thanks")),
                new Page("speaker", PagePaths.speaker(speaker), By.cssSelector(".hit")),
                new Page("event", PagePaths.event("hsvpy"), By.cssSelector(".hit")),
                new Page("events index", "/events", By.cssSelector(".series-list")),
                new Page("speakers index", "/speakers?letter=p", By.cssSelector(".speaker-list")),
                new Page("series", PagePaths.series(EventSeries.slug(
                        t.strings("SELECT title FROM event WHERE slug = 'hsvpy'").get(0))), By.cssSelector("h1")),
                new Page("error", "/talks/hsvpy/no-such-talk", By.xpath("//h1[.='Not found']")),
                new Page("API reference", "/api/docs", By.id("api-operations")));
    }

    @RegisterExtension
    static final BrowserPerClass CHROMIUM = new BrowserPerClass(DESKTOP, 900);

    @BeforeEach
    void browser() {
        browser = CHROMIUM.browser();
        wait = Chromium.waitFor(browser, Duration.ofSeconds(10));
    }

    private void open(Page page) {
        browser.get(site.url(page.path()));
        wait.until(ExpectedConditions.presenceOfElementLocated(page.shows()));
    }

    private Object js(String script, Object... args) {
        return browser.executeScript(script, args);
    }

    private long number(String script, Object... args) {
        return ((Number) js(script, args)).longValue();
    }

    private void phone(int width) {
        Chromium.viewport(browser, width, 800, true);
    }

    private void desktop() {
        Chromium.viewport(browser, DESKTOP, 900, false);
    }

    // ---- phones

    @Test
    void noPageIsWiderThanAPhone() {
        List<String> tooWide = new ArrayList<>();
        for (int width : PHONES) {
            phone(width);
            for (Page page : pages) {
                open(page);
                long inner = number("return window.innerWidth");
                long scroll = number("return document.documentElement.scrollWidth");
                if (inner != width || scroll > inner) {
                    tooWide.add(page.name() + " at " + width + " px: " + scroll + " px wide in a viewport of " + inner
                            + ", widened by " + js(WIDEST, width));
                }
            }
        }
        assertThat(tooWide).as("pages that scroll sideways").isEmpty();

        // the measure sees a page that is too wide
        js("const wide = document.createElement('div'); wide.style.width = '2000px'; wide.style.height = '10px';"
                + " document.body.append(wide)");
        assertThat(number("return document.documentElement.scrollWidth")).isGreaterThan(PHONES.get(2));
    }

    /**
     * The innermost elements reaching past the phone's width, to say what made a page too wide (a phone zooms out
     * to show a page wider than itself, so the window's own width has grown by then).
     */
    private static final String WIDEST = """
            const past = e => e.getBoundingClientRect().right > arguments[0] + 0.5;
            const out = [...document.querySelectorAll('body *')].filter(past)
              .filter(e => ![...e.children].some(past));
            return out.slice(0, 3).map(e => e.tagName.toLowerCase() + '.' + e.className + ' "'
              + e.textContent.trim().slice(0, 40) + '"').join(', ');""";

    @Test
    void onAPhoneTheResultsComeFirstAndTheFiltersFold() {
        for (boolean javascript : List.of(true, false)) {
            browser = javascript ? CHROMIUM.browser() : CHROMIUM.another(false);
            wait = Chromium.waitFor(browser, Duration.ofSeconds(10));
            phone(PHONE);
            browser.get(site.url("/?q=django"));
            WebElement summary = browser.findElement(By.cssSelector("#filters > summary"));
            WebElement tagFilter = browser.findElement(By.cssSelector("#facet-tag a[href*='tag=testing']"));
            assertThat(browser.findElement(By.cssSelector(".hit")).getRect().getY())
                    .as("the first result is above the filters").isLessThan(summary.getRect().getY());
            if (javascript) {
                assertThat(tagFilter.isDisplayed()).as("filters folded").isFalse();
                summary.click();
                wait.until(d -> tagFilter.isDisplayed());
            } else {
                // the page arrives with the filters open (a wide screen needs them so); the viewer can fold them
                assertThat(tagFilter.isDisplayed()).as("filters open without JavaScript").isTrue();
                summary.click();
                assertThat(tagFilter.isDisplayed()).as("filters folded by the summary").isFalse();
                summary.click();
            }
            tagFilter.click();
            wait.until(ExpectedConditions.urlContains("tag=testing"));
            wait.until(d -> d.findElement(By.cssSelector(".chips")).getText().contains("testing"));

            // a wide screen shows the filters in a column left of the results, without the disclosure
            desktop();
            browser.get(site.url("/?q=django"));
            WebElement filter = browser.findElement(By.cssSelector("#facet-tag a"));
            assertThat(filter.isDisplayed()).as("filters shown on a wide screen").isTrue();
            assertThat(browser.findElement(By.cssSelector("#filters > summary")).isDisplayed()).isFalse();
            assertThat(filter.getRect().getX()).isLessThan(browser.findElement(By.cssSelector(".hit h3")).getRect().getX());
        }
        // with JavaScript, "Filters" above the results opens the folded filters
        browser = CHROMIUM.browser();
        wait = Chromium.waitFor(browser, Duration.ofSeconds(10));
        phone(PHONE);
        browser.get(site.url("/?q=django"));
        js(COUNT_LOADS);
        WebElement jump = browser.findElement(By.cssSelector(".to-filters"));
        assertThat(jump.getRect().getY()).isLessThan(browser.findElement(By.cssSelector(".hit")).getRect().getY());
        jump.click();
        wait.until(d -> d.findElement(By.cssSelector("#facet-tag a")).isDisplayed());
        assertThat(browser.getCurrentUrl()).endsWith("/?q=django#filters");
        browser.navigate().back(); // to the same results: nothing to load (popstate comes with the URL's change)
        wait.until(d -> !d.getCurrentUrl().contains("#"));
        assertThat(number("return window.loads")).as("loads for a #fragment").isZero();
        browser.findElement(By.id("q")).sendKeys(" orm"); // a search does load: the count sees it
        wait.until(d -> number("return window.loads") > 0);
    }

    @Test
    void suggestionsFitAPhone() {
        phone(320);
        browser.get(site.url("/"));
        browser.findElement(By.id("q")).sendKeys("python web");
        WebElement list = browser.findElement(By.id("suggestions"));
        wait.until(d -> list.isDisplayed() && !list.findElements(By.cssSelector("[role=option]")).isEmpty());
        assertThat(list.getText()).contains("Python Web Conf supports @coderdojo");
        long inner = number("return window.innerWidth");
        assertThat(list.getRect().getX()).isGreaterThanOrEqualTo(0);
        assertThat(list.getRect().getX() + list.getRect().getWidth()).isLessThanOrEqualTo((int) inner);
        // no suggestion is cut off or runs out of its row
        assertThat((String) js("""
                return [...document.querySelectorAll('#suggestions [role=option]')].flatMap(li => {
                  const row = li.getBoundingClientRect();
                  return [li, ...li.children].filter(e => e.scrollWidth > e.clientWidth + 1
                      || e.getBoundingClientRect().right > row.right + 0.5).map(e => e.textContent);
                }).join(' | ');""")).isEmpty();
        assertThat(number("return document.documentElement.scrollWidth")).isLessThanOrEqualTo(inner);
    }

    // ---- axe-core

    /**
     * Every page state (each page, and the suggestions open) at desktop and phone width gets all of axe's rules in
     * the light scheme. The dark scheme changes colours only (the test below holds that), so there only the colour
     * rules run again: the rest would check the same elements in the same places.
     */
    @Test
    void axeFindsNoViolationOnAnyPageInEitherSchemeAtEitherWidth() {
        List<String> found = new ArrayList<>();
        for (String scheme : List.of("light", "dark")) {
            Chromium.colorScheme(browser, scheme);
            List<String> rules = Axe.rulesFor(scheme);
            for (int width : List.of(DESKTOP, PHONE)) {
                Chromium.viewport(browser, width, 900, width < DESKTOP);
                for (Page page : pages) {
                    open(page);
                    assertThat(js("return matchMedia('(prefers-color-scheme: dark)').matches"))
                            .isEqualTo(scheme.equals("dark"));
                    // on a phone the filters are folded: open them, so their rules are checked there too
                    js("const f = document.getElementById('filters'); if (f) f.open = true");
                    found.addAll(Axe.violations(browser, page.name() + ", " + width + " px, " + scheme, rules));
                }
                // the suggestions, open
                open(pages.get(0));
                browser.findElement(By.id("q")).sendKeys("djang");
                wait.until(d -> d.findElement(By.id("suggestions")).isDisplayed());
                browser.findElement(By.id("q")).sendKeys(Keys.ARROW_DOWN);
                found.addAll(Axe.violations(browser, "suggestions, " + width + " px, " + scheme, rules));
            }
        }
        assertThat(found).as("axe-core violations").isEmpty();
    }

    /** What the dark scheme may change, so that axe's colour rules alone cover it: colour variables, nothing else. */
    @Test
    void theDarkSchemeChangesOnlyColourVariables() {
        open(pages.get(0));
        // each declaration under the dark scheme, wherever it is nested: [selector, property, value]
        @SuppressWarnings("unchecked")
        List<List<String>> dark = (List<List<String>>) js("""
                const found = [];
                const visit = rules => { for (const r of rules) {
                  if (r instanceof CSSMediaRule && r.conditionText.includes('prefers-color-scheme: dark')) {
                    for (const inner of r.cssRules) {
                      for (const p of inner.style) {
                        found.push([inner.selectorText, p, inner.style.getPropertyValue(p).trim()]);
                      }
                    }
                  } else if (r.cssRules) { visit(r.cssRules); }
                } };
                for (const sheet of document.styleSheets) { visit(sheet.cssRules); }
                return found;""");
        assertThat(dark).as("declarations under prefers-color-scheme: dark").isNotEmpty().allSatisfy(declaration -> {
            assertThat(declaration.get(0)).as("selector").isEqualTo(":root");
            assertThat(declaration.get(1)).as("a colour variable").startsWith("--");
            assertThat(declaration.get(2)).as(declaration.get(1)).matches("#[0-9a-fA-F]{3,8}|rgba?\\(.*\\)");
        });
    }

    // ---- keyboard, contrast and the year chart

    /** Counts the page's own loads of results (instant search fetches the page it shows). */
    private static final String COUNT_LOADS = """
            window.loads = 0;
            const original = window.fetch;
            window.fetch = (url, options) => { if (String(url).startsWith('/?')) window.loads++; return original(url, options); };""";

    @Test
    void theKeyboardReachesTheResultsBeforeTheFilters() {
        desktop();
        browser.get(site.url("/?q=django"));
        js(COUNT_LOADS);
        new Actions(browser).sendKeys(Keys.TAB).perform();
        WebElement skip = browser.switchTo().activeElement();
        assertThat(skip.getText()).isEqualTo("Skip to results");
        skip.sendKeys(Keys.ENTER);
        wait.until(d -> "results".equals(d.switchTo().activeElement().getAttribute("id")));

        boolean hitFirst = false;
        boolean reachedFilters = false;
        for (int i = 0; i < 300 && !reachedFilters; i++) {
            new Actions(browser).sendKeys(Keys.TAB).perform();
            assertThat(js("return getComputedStyle(document.activeElement).outlineStyle"))
                    .as("focus is visible on " + js("return document.activeElement.outerHTML.slice(0, 200)"))
                    .isNotEqualTo("none");
            hitFirst |= (Boolean) js("return !!document.activeElement.closest('.hit')");
            reachedFilters = (Boolean) js("return !!document.activeElement.closest('.facets')");
            if (i == 0) {
                assertThat(js("return !!document.activeElement.closest('#results')")).as("next stop after the skip")
                        .isEqualTo(true);
            }
        }
        assertThat(number("return window.loads")).as("the skip link reloaded the results").isZero();
        assertThat(reachedFilters).as("tabbing reaches the filters").isTrue();
        assertThat(hitFirst).as("a result was focused before any filter").isTrue();
        assertThat(number("return document.querySelectorAll('[tabindex]:not([tabindex=\"-1\"])').length"))
                .as("no positive tabindex reorders the page").isZero();
    }

    @Test
    void theFocusRingAndTheChartBarsStandOutInEitherScheme() {
        desktop();
        for (String scheme : List.of("light", "dark")) {
            Chromium.colorScheme(browser, scheme);
            // the ring around a link in the header, in the results and among the filters
            for (String selector : List.of("header .brand", ".hit h3 a", "#facet-tag a")) {
                browser.get(site.url("/?year_from=2018&year_to=2021"));
                WebElement link = browser.findElement(By.cssSelector(selector));
                int stops = 0;
                new Actions(browser).sendKeys(Keys.TAB).perform();
                while (!link.equals(browser.switchTo().activeElement()) && stops++ < 300) {
                    new Actions(browser).sendKeys(Keys.TAB).perform();
                }
                String ring = (String) js("return getComputedStyle(document.activeElement).outlineColor");
                String around = (String) js(BACKGROUND_OF, link);
                assertThat(contrast(ring, around)).as(scheme + " focus ring of " + selector + ": " + ring + " on "
                        + around).isGreaterThanOrEqualTo(3.0);
            }
            // bars of the chart, selected or not, and the outline of every bar's track
            for (String selector : List.of(".years .bar:not(.selected):not(.empty)", ".years .bar.selected")) {
                WebElement bar = browser.findElement(By.cssSelector(selector));
                String fill = (String) js("return getComputedStyle(arguments[0].querySelector('.fill')).backgroundColor", bar);
                String track = (String) js("return getComputedStyle(arguments[0].querySelector('.track')).borderTopColor", bar);
                String around = (String) js(BACKGROUND_OF, bar);
                assertThat(contrast(fill, around)).as(scheme + " " + selector + " bar " + fill + " on " + around)
                        .isGreaterThanOrEqualTo(3.0);
                assertThat(contrast(track, around)).as(scheme + " " + selector + " track " + track + " on " + around)
                        .isGreaterThanOrEqualTo(3.0);
            }
            double page = luminance((String) js("return getComputedStyle(document.body).backgroundColor"));
            assertThat(page).as("the page is dark in dark mode, light otherwise")
                    .isStrictlyBetween(scheme.equals("dark") ? 0.0 : 0.8, scheme.equals("dark") ? 0.05 : 1.01);
        }
    }

    /** The colour an element is seen on: its own background or the nearest ancestor's that is not transparent. */
    private static final String BACKGROUND_OF = """
            for (let e = arguments[0]; e; e = e.parentElement) {
              const c = getComputedStyle(e).backgroundColor;
              if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') return c;
            }
            return 'rgb(255, 255, 255)';""";

    private static final Pattern RGB = Pattern.compile("rgba?\\((\\d+), (\\d+), (\\d+)(?:, ([\\d.]+))?\\)");

    /** The WCAG contrast ratio of two opaque CSS colours as getComputedStyle gives them. */
    static double contrast(String a, String b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(String css) {
        Matcher m = RGB.matcher(css);
        assertThat(m.matches()).as("an rgb() colour: " + css).isTrue();
        assertThat(m.group(4) == null || Double.parseDouble(m.group(4)) == 1.0).as("opaque: " + css).isTrue();
        double[] c = IntStream.rangeClosed(1, 3).mapToDouble(i -> Integer.parseInt(m.group(i)) / 255.0)
                .map(v -> v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4)).toArray();
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    }

    @Test
    void theYearChartShowsEveryYearWithItsCountAndTheSelectedRange() {
        desktop();
        browser.get(site.url("/?year_from=2018&year_to=2021"));
        Map<Integer, Long> counts = new LinkedHashMap<>();
        t.search("year_from", "2018", "year_to", "2021").facet(FacetField.YEAR).values()
                .forEach(v -> counts.put(Integer.parseInt(v.value()), v.count()));
        int first = counts.keySet().stream().min(Integer::compare).orElseThrow();
        int last = counts.keySet().stream().max(Integer::compare).orElseThrow();
        assertThat(last - first + 1).as("the corpus has years without talks").isGreaterThan(counts.size());

        List<WebElement> bars = browser.findElements(By.cssSelector(".years [data-year]"));
        assertThat(bars).extracting(b -> Integer.parseInt(b.getAttribute("data-year")))
                .containsExactlyElementsOf(IntStream.rangeClosed(first, last).boxed().toList());
        for (WebElement bar : bars) {
            int year = Integer.parseInt(bar.getAttribute("data-year"));
            long count = counts.getOrDefault(year, 0L);
            assertThat(bar.findElement(By.cssSelector(".n")).getText()).as("visible count of " + year)
                    .isEqualTo(Formats.count(count));
            // what a screen reader reads: the text, hidden parts included
            assertThat(((String) js("return arguments[0].textContent", bar)).replaceAll("\\s+", " ").trim())
                    .isEqualTo(year + ": " + Formats.count(count) + (count == 1 ? " talk" : " talks"));
            boolean inRange = year >= 2018 && year <= 2021;
            assertThat(bar.getAttribute("class")).as(year + " highlighted").matches(inRange ? ".*\\bselected\\b.*"
                    : "^(?!.*\\bselected\\b).*$");
            assertThat(bar.getTagName()).as(year + " links unless empty").isEqualTo(count == 0 && !inRange ? "span" : "a");
            if (bar.getTagName().equals("a")) {
                assertThat(bar.getAttribute("aria-current")).isEqualTo(inRange ? "true" : null);
            }
        }
        assertThat(bars).filteredOn(b -> b.getAttribute("class").contains("empty")).isNotEmpty()
                .allSatisfy(b -> assertThat(b.findElement(By.cssSelector(".fill")).getSize().getWidth()).isZero());
    }

    // ---- screenshots for the README

    @Test
    void screenshotsOfTheSearchAndTalkPagesOnAPhoneAndADesktop() throws Exception {
        SearchPage django = t.search("q", "django");
        String talk = django.hits().get(0).talk().path();
        Files.createDirectories(SCREENSHOTS);
        for (int width : List.of(PHONE, DESKTOP)) {
            String device = width == PHONE ? "phone" : "desktop";
            int height = width == PHONE ? 740 : 800;
            Chromium.viewport(browser, width, height, width == PHONE);
            browser.get(site.url("/?q=django"));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".hit")));
            save("search-" + device + ".png", width, height);
            browser.get(site.url(talk));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("article.talk")));
            save("talk-" + device + ".png", width, height);
        }
    }

    private void save(String name, int width, int height) throws Exception {
        js("document.activeElement && document.activeElement.blur()");
        File shot = browser.getScreenshotAs(OutputType.FILE);
        BufferedImage image = ImageIO.read(shot);
        assertThat(image.getWidth()).isEqualTo(width);
        assertThat(image.getHeight()).isEqualTo(height);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
