package org.talkarchive.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.talkarchive.config.SiteConfig;
import org.talkarchive.config.TrustedProxies;
import org.talkarchive.testing.Fixtures;
import org.talkarchive.testing.RealEngines;
import org.talkarchive.testing.TestArchive;
import org.talkarchive.web.admin.AdminGuard;

/**
 * Who the client is behind a proxy, and what follows from it, on the real Jetty: X-Forwarded-For and
 * X-Forwarded-Proto count only from TALKS_TRUSTED_PROXIES; report allowances and the lockout of wrong tokens key on
 * the client so found; HSTS only where the site is https; admin answers are never cached.
 */
@ExtendWith(RealEngines.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProxiesAndSecretsIT {

    private static final String TOKEN = "proxies-and-secrets-token-0123456789abcdef";
    private static final SiteConfig LOCAL = SiteConfig.local(7070);
    private static final SiteConfig BEHIND_PROXY = LOCAL.withTrustedProxies(TrustedProxies.parse("127.0.0.1"));

    private TestArchive t;
    private String report;
    private final List<Javalin> apps = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient(); // follows no redirects

    @BeforeAll
    void load(TestArchive archive) {
        t = archive;
        t.importAndPublish(Fixtures.corpus());
        report = t.strings("SELECT '/talks/' || e.slug || '/' || t.slug || '/report' FROM talk t"
                + " JOIN event e ON e.id = t.event_id ORDER BY t.id LIMIT 1").get(0);
    }

    @AfterEach
    void stop() {
        apps.forEach(Javalin::stop);
        apps.clear();
    }

    private String serve(Optional<String> token, SiteConfig site) {
        Javalin app = t.archive().web(token, site).start("127.0.0.1", 0);
        apps.add(app);
        return "http://127.0.0.1:" + app.port();
    }

    private HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String form, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers
                .ofString(form)).header("Content-Type", "application/x-www-form-urlencoded");
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> report(String base, String forwardedFor) throws Exception {
        return post(base + report, "kind=other", "Sec-Fetch-Site", "same-origin", "X-Forwarded-For", forwardedFor);
    }

    @Test
    void hstsOnlyWhereTheSiteIsHttpsByItsPublicUrlOrATrustedProxysWord() throws Exception {
        String hsts = "max-age=31536000; includeSubDomains";
        String plain = serve(Optional.empty(), LOCAL);
        assertThat(get(plain + "/").headers().firstValue("Strict-Transport-Security")).isEmpty();
        assertThat(get(plain + "/", "X-Forwarded-Proto", "https").headers()
                .firstValue("Strict-Transport-Security")).as("from an untrusted peer").isEmpty();

        String https = serve(Optional.empty(), new SiteConfig(URI.create("https://talks.example.org"), Set.of()));
        for (String path : List.of("/", "/api/talks?q=django", "/no/such/page", "/export/talks.csv")) {
            assertThat(get(https + path).headers().firstValue("Strict-Transport-Security")).as(path).hasValue(hsts);
        }

        String proxied = serve(Optional.empty(), BEHIND_PROXY);
        assertThat(get(proxied + "/", "X-Forwarded-Proto", "https").headers()
                .firstValue("Strict-Transport-Security")).hasValue(hsts);
        assertThat(get(proxied + "/", "X-Forwarded-Proto", "http").headers()
                .firstValue("Strict-Transport-Security")).isEmpty();
    }

    @Test
    void reportAllowancesKeyOnTheClientBehindATrustedProxyAndEveryoneTogetherHasACap() throws Exception {
        String proxied = serve(Optional.empty(), BEHIND_PROXY);
        for (int i = 0; i < 5; i++) {
            assertThat(report(proxied, "203.0.113.1").statusCode()).isEqualTo(303);
        }
        HttpResponse<String> limited = report(proxied, "203.0.113.1");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        // what the client writes in front of the proxy's entry changes nothing
        assertThat(report(proxied, "198.51.100.77, 203.0.113.1").statusCode()).isEqualTo(429);
        // another viewer behind the same proxy has an allowance of its own
        assertThat(report(proxied, "203.0.113.2").statusCode()).isEqualTo(303);

        // without the proxy trusted, the header is anyone's to write: it is ignored, and the socket counts
        String direct = serve(Optional.empty(), LOCAL);
        for (int i = 0; i < 5; i++) {
            assertThat(report(direct, "192.0.2." + i).statusCode()).isEqualTo(303);
        }
        assertThat(report(direct, "192.0.2.99").statusCode()).isEqualTo(429);

        // many addresses, one report each: everyone's allowance (60 at once) ends it
        HttpResponse<String> refused = null;
        for (int i = 1; i <= 80 && refused == null; i++) {
            HttpResponse<String> answer = report(proxied, "198.51.100." + i);
            if (answer.statusCode() == 429) {
                refused = answer;
            } else {
                assertThat(answer.statusCode()).isEqualTo(303);
            }
        }
        assertThat(refused).isNotNull();
        assertThat(refused.body()).contains("Too many reports from everyone just now");
        assertThat(t.count("SELECT count(*) FROM problem_report")).isBetween(60L, 62L); // one refill if slow
    }

    @Test
    void wrongBearerTokensCountTowardTheSameLockoutAsTheSignInForm() throws Exception {
        String base = serve(Optional.of(TOKEN), BEHIND_PROXY);
        String jobs = base + "/api/admin/jobs";
        for (int i = 0; i < 5; i++) {
            assertThat(get(jobs, "Authorization", "Bearer guess-" + i, "X-Forwarded-For", "192.0.2.10").statusCode())
                    .isEqualTo(401);
        }
        HttpResponse<String> locked = get(jobs, "Authorization", "Bearer " + TOKEN, "X-Forwarded-For", "192.0.2.10");
        assertThat(locked.statusCode()).as("even the right token waits").isEqualTo(429);
        assertThat(Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 900L);
        assertThat(locked.body()).contains("Too many failed attempts");

        // the console's sign-in form from that address is locked too
        HttpResponse<String> form = get(base + AdminGuard.SIGN_IN_PATH, "X-Forwarded-For", "192.0.2.10");
        String cookie = form.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("admin_sign_in="))
                .findFirst().orElseThrow().replaceAll(";.*", "");
        String csrf = cookie.substring(cookie.indexOf('=') + 1);
        HttpResponse<String> signIn = post(base + AdminGuard.SIGN_IN_PATH, "csrf=" + csrf + "&token=" + TOKEN,
                "Cookie", cookie, "X-Forwarded-For", "192.0.2.10");
        assertThat(signIn.statusCode()).isEqualTo(429);

        // other clients are not locked out; requests without any token guess nothing and count for nothing
        assertThat(get(jobs, "Authorization", "Bearer " + TOKEN, "X-Forwarded-For", "192.0.2.11").statusCode())
                .isEqualTo(200);
        for (int i = 0; i < 6; i++) {
            assertThat(get(jobs, "X-Forwarded-For", "192.0.2.12").statusCode()).isEqualTo(401);
        }
        assertThat(get(jobs, "Authorization", "Bearer " + TOKEN, "X-Forwarded-For", "192.0.2.12").statusCode())
                .isEqualTo(200);
    }

    @Test
    void adminAnswersAreNeverCached() throws Exception {
        String base = serve(Optional.of(TOKEN), LOCAL);
        List<HttpResponse<String>> answers = List.of(
                get(base + "/api/admin/jobs", "Authorization", "Bearer " + TOKEN),
                get(base + "/api/admin/reports", "Authorization", "Bearer " + TOKEN),
                get(base + "/api/admin/talks/987654", "Authorization", "Bearer " + TOKEN),
                get(base + "/api/admin/jobs"),
                get(base + "/admin"),
                get(base + AdminGuard.SIGN_IN_PATH));
        assertThat(answers).extracting(HttpResponse::statusCode).containsExactly(200, 200, 404, 401, 302, 200);
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.headers().firstValue("Cache-Control")).as(answer.uri().toString()).hasValue("no-store");
        }
        String off = serve(Optional.empty(), LOCAL);
        assertThat(get(off + "/admin").headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(get(off + "/api/admin/jobs").headers().firstValue("Cache-Control")).hasValue("no-store");
        // public pages keep their own caching
        assertThat(get(base + "/").headers().firstValue("Cache-Control").orElse("")).doesNotContain("no-store");
    }
}
