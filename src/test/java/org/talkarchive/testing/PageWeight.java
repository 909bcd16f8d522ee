package org.talkarchive.testing;

import java.util.List;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * What a page costs the viewer in our own bytes: its HTML plus every same-origin resource it loads (our CSS and
 * JavaScript), uncompressed, as the browser decodes them; thumbnails from the video hosts are not ours and are not
 * counted. The HTTP cache is off, so every load fetches (and counts) everything, and DOMContentLoaded includes
 * fetching and running the deferred scripts.
 */
public final class PageWeight {

    /** One load: the HTML's and our other resources' decoded bytes, and DOMContentLoaded in ms from navigation. */
    public record Load(long htmlBytes, long assetBytes, double domContentLoadedMs) {
        public long ownBytes() {
            return htmlBytes + assetBytes;
        }
    }

    private PageWeight() {
    }

    /** Turns the browser's HTTP cache off, so the next loads count every resource. */
    public static void withoutCache(ChromeDriver browser) {
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.setCacheDisabled", Map.of("cacheDisabled", true));
    }

    /** Loads {@code url} and reads what it cost from the Navigation and Resource Timing entries. */
    public static Load load(ChromeDriver browser, String url) {
        browser.get(url);
        @SuppressWarnings("unchecked")
        List<Number> figures = (List<Number>) browser.executeScript("""
                const nav = performance.getEntriesByType('navigation')[0];
                const ours = performance.getEntriesByType('resource')
                    .filter(r => new URL(r.name).origin === location.origin && r.initiatorType !== 'fetch')
                    .reduce((sum, r) => sum + r.decodedBodySize, 0);
                return [nav.decodedBodySize, ours, nav.domContentLoadedEventEnd - nav.startTime];""");
        return new Load(figures.get(0).longValue(), figures.get(1).longValue(), figures.get(2).doubleValue());
    }
}
