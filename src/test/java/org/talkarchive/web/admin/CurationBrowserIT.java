package org.talkarchive.web.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
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
 * The curation console and the report form end to end, in a real headless Chromium against an archive that
 * publishes in the background as {@code serve} does: an admin edits a talk and search finds the new title, hides
 * it and it leaves search and its page, unhides it, merges two speakers and the old address redirects, and a
 * viewer's report reaches the console and is resolved there. The browser signs in through the console's sign-in
 * form with the admin token, as AdminConsoleIT does; every action is recorded under that session's name, and a
 * console form posted without the session's CSRF token is refused.
 */
@Tag("browser")
@ExtendWith(RealEngines.class)
class CurationBrowserIT {

    private static final String TOKEN = "console-token-0123456789abcdefghijklmnop";

    private TestArchive t;
    @AutoClose
    private ServedSite site;
    private AutoCloseable sync;
    private ChromeDriver browser;
    private Cookie session;
    private WebDriverWait wait;
    private final List<String> axeViolations = new ArrayList<>();

    @RegisterExtension
    static final BrowserPerClass CHROMIUM = new BrowserPerClass(1280, 1000);

    @BeforeEach
    void start(TestArchive archive) {
        browser = CHROMIUM.browser();
        t = archive;
        t.importAndPublish(Fixtures.corpus());
        sync = t.archive().startBackgroundSync(Duration.ofMillis(200));
        site = ServedSite.start(t, Optional.of(TOKEN));
        // publishing takes up to the sync's pause plus the index's refresh: wait on what the page shows
        wait = Chromium.waitFor(browser, Duration.ofSeconds(20));
        signIn();
    }

    /** Signs in through the console's form, as an admin does; the session cookie is the browser's from then on. */
    private void signIn() {
        browser.get(site.url("/admin/talks"));
        wait.until(d -> d.getCurrentUrl().endsWith(AdminGuard.SIGN_IN_PATH));
        browser.findElement(By.id("token")).sendKeys(TOKEN);
        browser.findElement(By.cssSelector("form.admin-form button")).click();
        wait.until(d -> d.getCurrentUrl().equals(site.url("/admin")));
        // read here: the cookie's path is /admin, so the browser shows it on console pages only
        session = browser.manage().getCookieNamed(AdminGuard.SESSION_COOKIE);
        assertThat(session).isNotNull();
    }

    /** The audit log's name for this browser's session. */
    private String sessionActor() {
        List<String> actors = t.strings("SELECT actor FROM admin_audit WHERE action = 'session.sign_in'");
        assertThat(actors).singleElement().asString().startsWith("session ");
        return actors.get(0);
    }

    /** A console POST with the browser's session cookie but without the form's CSRF token. */
    private int postWithoutCsrf(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(site.url(path)))
                .header("Cookie", AdminGuard.SESSION_COOKIE + "=" + session.getValue())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("keep=bob-smith&merge=carol-jones&title=Forged"))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @AfterEach
    void stop() throws Exception {
        if (sync != null) {
            sync.close();
        }
    }

    private WebElement find(String id) {
        return wait.until(d -> d.findElement(By.id(id)));
    }

    /** Sends the form of the button {@code id} and waits for the page that answers. */
    private void submit(String id) {
        Chromium.clickThroughToNextPage(browser, wait, find(id));
    }

    private void replace(String id, String text) {
        WebElement field = find(id);
        field.clear();
        field.sendKeys(text);
    }

    /** The titles a search page shows, loading it anew until {@code expected} holds (the freshness window). */
    private void searchUntil(String query, java.util.function.Predicate<List<String>> expected) {
        wait.until(d -> {
            d.get(site.url("/?q=") + query);
            List<String> titles = d.findElements(By.cssSelector(".hit h3 a")).stream().map(WebElement::getText)
                    .toList();
            // a page of results, or the page that says there are none: never an error page read as "nothing"
            boolean answered = !titles.isEmpty() || !d.findElements(By.id("no-results")).isEmpty();
            return answered && expected.test(titles);
        });
    }

    private void axe(String where) {
        axeViolations.addAll(Axe.violations(browser, where));
    }

    @Test
    void anAdminEditsHidesAndUnhidesATalkAndSearchFollows() throws Exception {
        browser.get(site.url("/admin/talks?q=async"));
        axe("talks");
        browser.findElement(By.linkText("Async views in practice")).click();
        replace("edit-title", "Asynchronous views with Hypothesis");
        replace("edit-tags", "Django\nHypothesis");
        axe("talk editor");
        submit("edit-save");
        assertThat(find("admin-notice").getText()).isEqualTo("Saved.");
        assertThat(find("edit-title").getAttribute("value")).isEqualTo("Asynchronous views with Hypothesis");
        String editor = browser.getCurrentUrl().replaceAll("\\?.*", "");
        searchUntil("hypothesis", titles -> titles.equals(List.of("Asynchronous views with Hypothesis")));

        // a title that is too long is refused with the reason, and what was typed stays in the form
        browser.get(editor);
        replace("edit-title", "x".repeat(10));
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "document.getElementById('edit-title').removeAttribute('maxlength');"
                        + "document.getElementById('edit-title').value = 'x'.repeat(301);");
        submit("edit-save");
        assertThat(find("admin-error").getText()).contains("title", "at most 300 characters");
        assertThat(t.strings("SELECT title FROM talk WHERE slug = 'async-views'"))
                .containsExactly("Asynchronous views with Hypothesis");

        browser.get(editor);
        submit("talk-hide");
        assertThat(find("admin-notice").getText()).isEqualTo("Hidden from viewers.");
        assertThat(find("talk-state").getText()).isEqualTo("hidden from viewers");
        browser.get(site.url("/talks/fixconf-2019/async-views"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("No longer available");
        searchUntil("hypothesis", List::isEmpty);
        browser.get(site.url("/admin/talks?q=async"));
        assertThat(browser.findElement(By.id("admin-talks")).getText()).contains("hidden");

        browser.get(editor);
        submit("talk-unhide");
        assertThat(find("admin-notice").getText()).isEqualTo("Visible to viewers again.");
        searchUntil("hypothesis", titles -> titles.equals(List.of("Asynchronous views with Hypothesis")));
        browser.get(site.url("/talks/fixconf-2019/async-views"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Asynchronous views with Hypothesis");

        // the session's token is what makes a console POST count: without it, the same form changes nothing
        long id = t.count("SELECT id FROM talk WHERE slug = 'async-views'");
        assertThat(postWithoutCsrf("/admin/talks/" + id + "/hide")).isEqualTo(403);
        assertThat(postWithoutCsrf("/admin/talks/" + id)).isEqualTo(403);
        assertThat(t.count("SELECT count(*) FROM talk WHERE id = ? AND hidden", id)).isZero();

        assertThat(t.strings("SELECT action FROM admin_audit WHERE action NOT LIKE 'session.%' ORDER BY id"))
                .containsExactly("talk.edit", "talk.hide", "talk.unhide");
        assertThat(t.strings("SELECT DISTINCT actor FROM admin_audit WHERE action LIKE 'talk.%'"))
                .containsExactly(sessionActor());
        // the console's audit page shows them, with the state before and after
        browser.get(site.url("/admin/audit"));
        assertThat(browser.findElement(By.cssSelector("#audit tr[data-action='talk.hide']")).getText())
                .contains(sessionActor(), "talk " + id, "\"hidden\":false", "\"hidden\":true");
        assertThat(browser.findElement(By.cssSelector("#audit tr[data-action='talk.edit']")).getText())
                .contains("Async views in practice", "Asynchronous views with Hypothesis");
        assertThat(axeViolations).as("axe-core violations").isEmpty();
    }

    @Test
    void anAdminMergesSpeakersAndTheOldAddressLeadsToTheKeptOne() throws Exception {
        assertThat(postWithoutCsrf("/admin/speakers/merge")).as("no CSRF token, no merge").isEqualTo(403);
        assertThat(t.count("SELECT count(*) FROM speaker WHERE slug = 'carol-jones'")).isOne();
        browser.get(site.url("/admin/speakers/merge"));
        axe("merge");
        replace("merge-keep", "bob-smith");
        replace("merge-merge", "carol-jones");
        submit("merge-submit");
        assertThat(find("admin-notice").getText()).contains("Merged Carol Jones into Bob Smith");
        axe("merged");

        browser.get(site.url("/speakers/carol-jones"));
        assertThat(browser.getCurrentUrl()).isEqualTo(site.url("/speakers/bob-smith"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Bob Smith");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("Pair programming across time zones",
                "Carol Jones");
        // the merged name is an alias now: searching it finds the talks, under the kept speaker
        searchUntil("carol", titles -> titles.contains("Pair programming across time zones"));

        browser.get(site.url("/admin/speakers/merge"));
        replace("merge-keep", "bob-smith");
        replace("merge-merge", "bob-smith");
        submit("merge-submit");
        assertThat(find("admin-error").getText()).contains("must name another speaker");
        assertThat(t.strings("SELECT actor || ' ' || action || ' ' || subject FROM admin_audit"
                + " WHERE action NOT LIKE 'session.%'"))
                .containsExactly(sessionActor() + " speaker.merge speaker bob-smith");
        assertThat(axeViolations).as("axe-core violations").isEmpty();
    }

    @Test
    void aViewerReportsAProblemAndAnAdminResolvesIt() throws Exception {
        String talk = "/talks/fixconf-2019/testing-django-apps";
        browser.get(site.url(talk));
        browser.findElement(By.cssSelector("#report summary")).click();
        axe("talk with the report form open");
        browser.findElement(By.cssSelector("input[name=kind][value=dead_video]")).click();
        find("report-note").sendKeys("Stops after a minute");
        submit("report-submit");
        assertThat(find("report-thanks").getText()).contains("Your report was received");
        assertThat(browser.getCurrentUrl()).isEqualTo(site.base() + talk + "/reported");
        axe("thanks");
        assertThat(t.strings("SELECT kind || ': ' || note FROM problem_report"))
                .containsExactly("dead_video: Stops after a minute");

        browser.get(site.url("/admin/reports"));
        axe("reports");
        WebElement report = find("admin-reports");
        assertThat(report.getText()).contains("The video does not play", "Testing Django apps with pytest",
                "Stops after a minute");
        report.findElement(By.linkText("Testing Django apps with pytest")).click();
        assertThat(browser.getCurrentUrl()).isEqualTo(site.url(talk));

        long reportId = t.count("SELECT id FROM problem_report");
        assertThat(postWithoutCsrf("/admin/reports/" + reportId + "/resolve")).isEqualTo(403);
        assertThat(t.count("SELECT count(*) FROM problem_report WHERE resolved_at IS NULL")).isOne();
        browser.get(site.url("/admin/reports"));
        browser.findElement(By.cssSelector("#admin-reports button")).click();
        assertThat(find("admin-notice").getText()).isEqualTo("Report resolved.");
        assertThat(find("no-reports").getText()).isEqualTo("No open reports.");
        assertThat(t.strings("SELECT resolved_by FROM problem_report")).containsExactly(sessionActor());
        assertThat(t.strings("SELECT action || ' ' || subject FROM admin_audit WHERE action NOT LIKE 'session.%'"))
                .containsExactly("report.resolve report " + reportId);
        assertThat(axeViolations).as("axe-core violations").isEmpty();
    }
}
