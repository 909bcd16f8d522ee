package org.talkarchive.web.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
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
 * The admin console in a real headless Chromium on the real engines: sign in with the token, read the index status,
 * start a reindex and watch it finish (the page follows it by itself), cancel one, run a consistency check, read the
 * audit log, sign out; every page checked by axe-core. Beside the browser, raw HTTP checks what a browser hides:
 * the cookies' attributes, a POST without the CSRF token refused, the console off without a token, and the limit
 * on failed sign-ins.
 */
@Tag("browser")
@ExtendWith(RealEngines.class)
class AdminConsoleIT {

    private static final String TOKEN = "console-token-0123456789-0123456789abcdefghijklmnop";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private TestArchive t;
    @AutoClose
    private ServedSite site;
    private ChromeDriver browser;
    private WebDriverWait wait;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @RegisterExtension
    static final BrowserPerClass CHROMIUM = new BrowserPerClass(1280, 1000);

    @BeforeEach
    void start(TestArchive archive) {
        t = archive;
        t.importAndPublish(Fixtures.sampleCorpus());
        site = ServedSite.start(t, Optional.of(TOKEN));
    }

    private void browser() {
        browser = CHROMIUM.browser();
        wait = Chromium.waitFor(browser, Duration.ofSeconds(60));
    }

    @Test
    void anAdminSignsInWatchesAReindexFinishRunsACheckReadsTheAuditLogAndSignsOut() throws Exception {
        browser();
        Set<String> live = t.archive().index().indicesBehindAlias();
        browser.get(site.url("/admin"));
        wait.until(d -> d.getCurrentUrl().endsWith("/admin/sign-in"));
        List<String> violations = new ArrayList<>(axe("sign-in"));

        browser.findElement(By.id("token")).sendKeys("not-the-token");
        Chromium.clickThroughToNextPage(browser, wait, browser.findElement(By.cssSelector("form.admin-form button")));
        assertThat(text("sign-in-message")).isEqualTo("That is not the admin token.");
        browser.findElement(By.id("token")).sendKeys(TOKEN);
        browser.findElement(By.cssSelector("form.admin-form button")).click();
        wait.until(d -> d.getCurrentUrl().equals(site.url("/admin")));

        Cookie session = browser.manage().getCookieNamed(AdminGuard.SESSION_COOKIE);
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        assertThat(session.getPath()).isEqualTo("/admin");
        assertThat(session.getValue()).hasSizeGreaterThanOrEqualTo(43);

        // the status, as the engines say it
        assertThat(text("status-alias")).isEqualTo(t.alias());
        assertThat(text("status-live-index")).isEqualTo(String.join(", ", live));
        assertThat(text("status-documents")).isEqualTo(Long.toString(t.archive().index().count()));
        assertThat(text("status-pending")).isEqualTo("0");
        assertThat(text("status-lag")).isEqualTo("0 s");
        assertThat(text("status-sync-error")).isEqualTo("none");
        assertThat(text("verdict")).isEqualTo("Never run");
        violations.addAll(axe("status"));

        // start a reindex and watch it end without reloading
        browser.findElement(By.id("start-reindex")).click();
        wait.until(d -> d.getCurrentUrl().matches(".*/admin/jobs/\\d+"));
        browser.executeScript("window.notReloaded = true");
        wait.until(d -> text("job-state").equals("done"));
        assertThat(browser.executeScript("return window.notReloaded")).as("followed in place").isEqualTo(true);
        Set<String> rebuilt = t.archive().index().indicesBehindAlias();
        assertThat(rebuilt).isNotEqualTo(live);
        assertThat(text("result-index")).isEqualTo(String.join(", ", rebuilt));
        assertThat(text("job-progress")).isEqualTo("30 of 30");
        assertThat(browser.findElements(By.id("cancel-job"))).as("nothing to cancel once done").isEmpty();
        violations.addAll(axe("job"));

        // run a consistency check
        openFromNavigation("/admin");
        assertThat(text("status-live-index")).isEqualTo(String.join(", ", rebuilt));
        browser.findElement(By.id("start-check")).click();
        wait.until(d -> d.getCurrentUrl().matches(".*/admin/jobs/\\d+") && text("job-state").equals("done"));
        assertThat(text("result-verdict")).isEqualTo("Consistent");
        openFromNavigation("/admin");
        assertThat(text("verdict")).startsWith("Consistent");
        assertThat(text("check-summary")).endsWith("-> consistent");

        // a POST without the session's CSRF token is refused, with the session cookie and all
        HttpResponse<String> page = request("GET", "/admin", session.getValue(), null);
        Matcher csrf = CSRF.matcher(page.body());
        assertThat(csrf.find()).isTrue();
        long checks = t.count("SELECT count(*) FROM admin_job WHERE kind = 'check'");
        assertThat(request("POST", "/admin/jobs/check", session.getValue(), "").statusCode()).isEqualTo(403);
        assertThat(request("POST", "/admin/jobs/check", session.getValue(), "csrf=forged").statusCode()).isEqualTo(403);
        assertThat(t.count("SELECT count(*) FROM admin_job WHERE kind = 'check'")).as("nothing started").isEqualTo(checks);
        HttpResponse<String> withToken = request("POST", "/admin/jobs/check", session.getValue(), "csrf=" + csrf.group(1));
        assertThat(withToken.statusCode()).as("the same request with the token").isEqualTo(303);
        assertThat(withToken.headers().firstValue("Location").orElseThrow()).matches("/admin/jobs/\\d+");

        // the jobs list has both jobs, newest first
        openFromNavigation("/admin/jobs");
        assertThat(browser.findElements(By.cssSelector("#jobs tbody tr")).stream().map(row -> row.getText()).toList())
                .hasSizeGreaterThanOrEqualTo(3).first().asString().contains("check");
        violations.addAll(axe("jobs"));

        // the audit log shows every action of this session
        openFromNavigation("/admin/audit");
        List<String> actions = browser.findElements(By.cssSelector("#audit tbody tr")).stream()
                .map(row -> row.getAttribute("data-action")).toList();
        assertThat(actions).contains("session.sign_in_refused", "session.sign_in", "reindex.start", "reindex.finish",
                "check.start", "check.finish");
        String reindexRow = browser.findElement(By.cssSelector("#audit tr[data-action='reindex.finish']")).getText();
        assertThat(reindexRow).contains("session ", live.iterator().next(), rebuilt.iterator().next());
        violations.addAll(axe("audit log"));
        assertThat(violations).as("axe-core violations").isEmpty();

        // sign out: the session is gone on the server, not only in the browser
        browser.findElement(By.id("sign-out")).click();
        wait.until(d -> d.getCurrentUrl().endsWith("/admin/sign-in"));
        browser.get(site.url("/admin"));
        wait.until(d -> d.getCurrentUrl().endsWith("/admin/sign-in"));
        HttpResponse<String> after = request("GET", "/admin", session.getValue(), null);
        assertThat(after.statusCode()).isEqualTo(302);
        assertThat(after.headers().firstValue("Location")).contains("/admin/sign-in");
        assertThat(request("POST", "/admin/jobs/check", session.getValue(), "csrf=" + csrf.group(1)).statusCode())
                .isEqualTo(403);
        assertThat(t.strings("SELECT action FROM admin_audit WHERE action LIKE 'session.%' ORDER BY id DESC LIMIT 1"))
                .containsExactly("session.sign_out");
        awaitNoRunningJob();
    }

    /** Lets a job started here end before the test's database is dropped. */
    private void awaitNoRunningJob() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (t.count("SELECT count(*) FROM admin_job WHERE state = 'running'") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    @Test
    void aReindexCancelledFromItsPageLeavesTheLiveIndexServing() throws Exception {
        browser();
        Set<String> live = t.archive().index().indicesBehindAlias();
        signIn();
        try (Connection c = t.dataSource().getConnection(); Statement hold = c.createStatement()) {
            c.setAutoCommit(false);
            hold.execute("LOCK TABLE search_reindex_request IN ACCESS EXCLUSIVE MODE"); // holds the copy
            browser.findElement(By.id("start-reindex")).click();
            wait.until(d -> d.getCurrentUrl().matches(".*/admin/jobs/\\d+"));
            assertThat(text("job-state")).isEqualTo("running: copying");
            browser.findElement(By.id("cancel-job")).click();
            wait.until(d -> text("job-state").contains("cancelling"));
            c.commit();
        }
        wait.until(d -> text("job-state").equals("cancelled"));
        assertThat(t.archive().index().indicesBehindAlias()).isEqualTo(live);
        assertThat(t.archive().index().ownIndices()).isEqualTo(live);
        browser.get(site.url("/?q=django"));
        assertThat(browser.findElements(By.cssSelector(".hit"))).isNotEmpty();
        assertThat(t.strings("SELECT action FROM admin_audit WHERE action LIKE 'job.%'")).containsExactly("job.cancel");
    }

    @Test
    void cookiesCarryTheirAttributesAndFailedSignInsAreLimited() throws Exception {
        HttpResponse<String> form = request("GET", "/admin/sign-in", null, null);
        assertThat(form.statusCode()).isEqualTo(200);
        String signInCookie = form.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(signInCookie).startsWith(AdminGuard.SIGN_IN_COOKIE + "=").contains("; HttpOnly", "; SameSite=Strict");
        String value = signInCookie.substring(signInCookie.indexOf('=') + 1, signInCookie.indexOf(';'));
        Matcher csrf = CSRF.matcher(form.body());
        assertThat(csrf.find()).isTrue();
        assertThat(csrf.group(1)).isEqualTo(value);

        // the sign-in form is itself protected: no double-submitted token, no sign-in
        assertThat(signIn(null, value, TOKEN).statusCode()).isEqualTo(403);
        assertThat(signIn(value, "other", TOKEN).statusCode()).isEqualTo(403);

        HttpResponse<String> in = signIn(value, value, TOKEN);
        assertThat(in.statusCode()).isEqualTo(303);
        List<String> cookies = in.headers().allValues("Set-Cookie");
        assertThat(cookies).anySatisfy(c -> assertThat(c).startsWith(AdminGuard.SESSION_COOKIE + "=")
                .contains("; Path=/admin", "; HttpOnly", "; SameSite=Strict").doesNotContain("Max-Age"));
        assertThat(cookies).as("not Secure over plain http").noneMatch(c -> c.contains("Secure"));
        assertThat(in.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(t.count("SELECT count(*) FROM admin_session")).isEqualTo(1);

        // five wrong tokens, then even the right one waits
        for (int i = 0; i < 5; i++) {
            assertThat(signIn(value, value, "wrong-" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> limited = signIn(value, value, TOKEN);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(limited.body()).contains("Too many failed sign-ins");
        assertThat(t.count("SELECT count(*) FROM admin_audit WHERE action = 'session.sign_in_refused'")).isEqualTo(5);

        // with no admin token the console is off
        try (ServedSite off = ServedSite.start(t, Optional.empty())) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                    URI.create(off.base() + "/admin")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(404);
            assertThat(answer.body()).contains("The admin console is off: set TALKS_ADMIN_TOKEN");
        }
    }

    private HttpResponse<String> signIn(String cookie, String csrf, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(site.url("/admin/sign-in")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("csrf=" + enc(csrf) + "&token=" + enc(token)));
        if (cookie != null) {
            request.header("Cookie", AdminGuard.SIGN_IN_COOKIE + "=" + cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String value) {
        return value == null ? "" : URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private void signIn() {
        browser.get(site.url("/admin/sign-in"));
        browser.findElement(By.id("token")).sendKeys(TOKEN);
        browser.findElement(By.cssSelector("form.admin-form button")).click();
        wait.until(d -> d.getCurrentUrl().equals(site.url("/admin")));
    }

    /** A request as another client would send it, with the session cookie (null: none) and a form body. */
    private HttpResponse<String> request(String method, String path, String session, String form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(site.url(path)))
                .timeout(Duration.ofSeconds(30));
        if (session != null) {
            request.header("Cookie", AdminGuard.SESSION_COOKIE + "=" + session);
        }
        if (form != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded");
            request.method(method, HttpRequest.BodyPublishers.ofString(form));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void openFromNavigation(String path) {
        Chromium.clickThroughToNextPage(browser, wait, browser.findElement(By.cssSelector(".admin-nav a[href='" + path + "']")));
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText().trim();
    }

    private List<String> axe(String where) {
        return Axe.violations(browser, where);
    }
}
