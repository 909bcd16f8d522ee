package org.talkarchive.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.talkarchive.testing.Chromium;
import org.talkarchive.testing.PageWeight;

/**
 * Own bytes (HTML + our CSS + our JS, decoded; KB of 1,024 bytes) and DOMContentLoaded of every page type of a running archive, in a
 * headless Chromium at 1280 × 800 with the HTTP cache off: one warm-up load, then the median of {@code loads}.
 * A talk, speaker, event and series are the first ones the home page and {@code /events} link to.
 *
 * <p>Usage: {@code PageWeights BASE_URL [loads] [query]} (defaults 5 and {@code django}).
 */
public final class PageWeights {

    public static void main(String[] args) throws Exception {
        String base = args[0].replaceAll("/$", "");
        int loads = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String query = args.length > 2 ? args[2] : "django";
        Path dir = Files.createTempDirectory("page-weights");
        ChromeDriver browser = Chromium.start(dir, true, 1280, 800);
        try {
            PageWeight.withoutCache(browser);
            Map<String, String> pages = new LinkedHashMap<>();
            pages.put("home", base + "/");
            pages.put("results", base + "/?q=" + query);
            pages.put("all talks", base + "/?q=");
            browser.get(base + "/");
            pages.put("talk", browser.findElement(By.cssSelector("#newest .hit h3 a")).getAttribute("href"));
            pages.put("speaker", browser.findElement(By.cssSelector("#newest .hit .speakers a")).getAttribute("href"));
            browser.get(base + "/events");
            pages.put("events", base + "/events");
            pages.put("event", browser.findElement(By.cssSelector("main a[href^='/events/']")).getAttribute("href"));
            pages.put("series", browser.findElement(By.cssSelector("main a[href^='/series/']")).getAttribute("href"));
            pages.put("speakers", base + "/speakers");
            System.out.printf("%-10s %9s %9s %9s %8s  %s%n", "page", "own KB", "HTML KB", "CSS+JS KB", "DCL ms", "url");
            for (var page : pages.entrySet()) {
                PageWeight.load(browser, page.getValue()); // warm-up: the app's and engines' caches
                List<PageWeight.Load> runs = new ArrayList<>();
                for (int i = 0; i < loads; i++) {
                    runs.add(PageWeight.load(browser, page.getValue()));
                }
                PageWeight.Load last = runs.get(runs.size() - 1);
                double[] dcl = runs.stream().mapToDouble(PageWeight.Load::domContentLoadedMs).toArray();
                Arrays.sort(dcl);
                System.out.printf("%-10s %9.1f %9.1f %9.1f %8.0f  %s%n", page.getKey(), last.ownBytes() / 1024.0,
                        last.htmlBytes() / 1024.0, last.assetBytes() / 1024.0, dcl[dcl.length / 2],
                        page.getValue().substring(base.length()));
            }
        } finally {
            browser.quit();
        }
    }

    private PageWeights() {
    }
}
