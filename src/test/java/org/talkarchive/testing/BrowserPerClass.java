package org.talkarchive.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * One headless Chromium for all the tests of a class, which registers it as a static field:
 * {@code @RegisterExtension static final BrowserPerClass chromium = new BrowserPerClass(1280, 900);}.
 * Starting Chromium and its driver for every test took about a second each.
 * <p>
 * Between tests the browser is put back as new: extra windows closed, on a blank page, cookies, cache and the last
 * site's storage cleared, the emulated screen and colour scheme reset. After each test, what the
 * Content-Security-Policy blocked while it ran fails it, as when every test quit a browser of its own. A test that
 * failed, or a browser that could not be put back, gets a new browser for the next test.
 */
public final class BrowserPerClass implements AfterEachCallback, AfterAllCallback {

    private final int width;
    private final int height;
    private final List<ChromeDriver> others = new ArrayList<>();
    private Path profiles;
    private ChromeDriver browser;

    public BrowserPerClass(int width, int height) {
        this.width = width;
        this.height = height;
    }

    /** The class's browser, with JavaScript on, its window as wide and high as given. */
    public ChromeDriver browser() {
        assumeInstalled();
        if (browser == null) {
            browser = Chromium.start(profiles(), true, width, height);
        }
        return browser;
    }

    /**
     * A browser of its own for the running test (e.g. without JavaScript), quit after it with the same check of what
     * the policy blocked.
     */
    public ChromeDriver another(boolean javascript) {
        assumeInstalled();
        ChromeDriver other = Chromium.start(profiles(), javascript, width, height);
        others.add(other);
        return other;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<String> blocked = new ArrayList<>();
        for (ChromeDriver other : others) {
            try {
                blocked.addAll(Chromium.cspViolations(other));
            } finally {
                other.quit();
            }
        }
        others.clear();
        if (browser != null) {
            blocked.addAll(Chromium.cspViolations(browser));
            if (context.getExecutionException().isPresent() || !putBack()) {
                browser.quit();
                browser = null;
            }
        }
        assertThat(blocked).as("what the Content-Security-Policy blocked").isEmpty();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
        if (profiles != null) {
            FileUtils.deleteQuietly(profiles.toFile()); // a profile Chromium still holds is left to the OS
        }
    }

    private static void assumeInstalled() {
        assumeTrue(Chromium.installed(), "chromium and chromium-driver are not installed (.ci/run installs them)");
    }

    /** Puts the browser back as new; false when it could not (a dialog open, the browser gone). */
    private boolean putBack() {
        try {
            List<String> windows = new ArrayList<>(browser.getWindowHandles());
            for (String window : windows.subList(1, windows.size())) {
                browser.switchTo().window(window).close();
            }
            browser.switchTo().window(windows.get(0));
            String origin = origin(browser.getCurrentUrl());
            browser.get("about:blank");
            browser.executeCdpCommand("Network.clearBrowserCookies", Map.of());
            browser.executeCdpCommand("Network.clearBrowserCache", Map.of());
            if (origin != null) {
                browser.executeCdpCommand("Storage.clearDataForOrigin", Map.of("origin", origin, "storageTypes", "all"));
            }
            browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
            browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "", "features", List.of()));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() != null && uri.getScheme().startsWith("http")
                ? uri.getScheme() + "://" + uri.getAuthority() : null;
    }

    private Path profiles() {
        if (profiles == null) {
            try {
                profiles = Files.createTempDirectory("chromium");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return profiles;
    }
}
