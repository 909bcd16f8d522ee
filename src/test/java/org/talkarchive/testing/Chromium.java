package org.talkarchive.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium for browser tests: Debian's chromium and chromedriver (which .ci/run installs), nothing
 * downloaded. The console log is kept, since that is where Chromium reports what the Content-Security-Policy blocked.
 */
public final class Chromium {

    private static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private Chromium() {
    }

    public static boolean installed() {
        return Files.isExecutable(BINARY) && Files.isExecutable(DRIVER);
    }

    /** A browser with a profile of its own under {@code dir}, its window {@code width} by {@code height}. */
    public static ChromeDriver start(Path dir, boolean javascript, int width, int height) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + dir.resolve("profile-" + System.nanoTime()),
                "--window-size=" + width + "," + height);
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        if (!javascript) {
            options.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /**
     * A wait of {@code patience} that looks again when an element it found was replaced meanwhile: instant search and
     * live pages replace parts of the page.
     */
    public static WebDriverWait waitFor(WebDriver browser, Duration patience) {
        WebDriverWait wait = new WebDriverWait(browser, patience);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /**
     * Clicks a link or a submit button and waits until the page it leads to has replaced this one: a click returns
     * before the navigation commits, so reading at once can read the old page (an admin test once failed so).
     * The old document is marked by a script property rather than watched through an element reference: while a
     * navigation commits, Chrome may answer a question about an old element with an "unknown error" (the node "does
     * not belong to the document") instead of a stale reference, and a curation test once failed so.
     */
    public static void clickThroughToNextPage(WebDriver browser, WebDriverWait wait, WebElement control) {
        JavascriptExecutor page = (JavascriptExecutor) browser;
        page.executeScript("document.talkArchiveLeft = true;");
        control.click();
        wait.until(d -> {
            try {
                return Boolean.TRUE.equals(page.executeScript(
                        "return document.talkArchiveLeft === undefined && document.readyState !== 'loading';"));
            } catch (WebDriverException midNavigation) {
                return false; // the script ran as the old document went away; ask the new one
            }
        });
    }

    /** Console messages of the browser that report a blocked script, style, frame or connection. */
    public static List<String> cspViolations(ChromeDriver browser) {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy")).toList();
    }

    /**
     * The page as a phone of this width shows it (a mobile viewport, so the page's viewport meta tag applies), or,
     * with {@code mobile} false, as a desktop window of this size.
     */
    public static void viewport(ChromeDriver browser, int width, int height, boolean mobile) {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }

    /** Emulates the viewer's colour scheme preference: "light" or "dark". */
    public static void colorScheme(ChromeDriver browser, String scheme) {
        browser.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }
}
