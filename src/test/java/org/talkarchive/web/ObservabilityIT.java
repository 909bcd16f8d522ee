package org.talkarchive.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import java.sql.Connection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.javalin.testtools.Request;
import io.javalin.testtools.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.talkarchive.config.SiteConfig;
import org.talkarchive.metrics.ArchiveMetrics;
import org.talkarchive.testing.Fixtures;
import org.talkarchive.testing.RealEngines;
import org.talkarchive.testing.TestArchive;
import static org.talkarchive.testing.Responses.header;

/** /metrics, the access log and request ids, on the real engines. */
@ExtendWith(RealEngines.class)
class ObservabilityIT {

    private static final String ADMIN_TOKEN = "admin-token-0123456789abcdefghijklmnop";
    private static final String METRICS_TOKEN = "scrape-token-0123456789abcdefghijklmnop";
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{.*\\})? (\\S+)$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestArchive t;
    private Javalin app;
    private final ListAppender<ILoggingEvent> accessLog = new ListAppender<>();
    private Logger access;
    private Level accessLevel;

    @BeforeAll
    static void load(TestArchive archive) {
        t = archive;
        t.importAndPublish(Fixtures.corpus());
    }

    @BeforeEach
    void serve() {
        app = t.archive().web(Optional.of(ADMIN_TOKEN), Optional.of(METRICS_TOKEN), SiteConfig.local(7070));
        access = (Logger) LoggerFactory.getLogger("access");
        accessLevel = access.getLevel();
        access.setLevel(Level.INFO); // the test configuration keeps it quiet
        accessLog.start();
        access.addAppender(accessLog);
    }

    @AfterEach
    void stopListening() {
        access.detachAppender(accessLog);
        access.setLevel(accessLevel);
    }

    /** Every sample of the scrape, keyed "name{labels}" as printed. */
    private static Map<String, Double> samples(String scrape) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : scrape.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!line.startsWith("#") && m.matches()) {
                samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
            }
        }
        return samples;
    }

    private static double value(Map<String, Double> samples, String name, String... labels) {
        return samples.entrySet().stream()
                .filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
                .filter(e -> List.of(labels).stream().allMatch(e.getKey()::contains))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    private static boolean present(Map<String, Double> samples, String name, String... labels) {
        return samples.keySet().stream()
                .filter(k -> k.equals(name) || k.startsWith(name + "{"))
                .anyMatch(k -> List.of(labels).stream().allMatch(k::contains));
    }

    @Test
    void metricsNeedTheScrapeToken() {
        JavalinTest.test(app, (server, client) -> {
            assertThat(client.get("/metrics").code()).isEqualTo(401);
            assertThat(client.get("/metrics", r -> r.header("Authorization", "Bearer " + ADMIN_TOKEN)).code())
                    .isEqualTo(401);
        });
        JavalinTest.test(t.archive().web(Optional.of(ADMIN_TOKEN), SiteConfig.local(7070)), (server, client) -> {
            Response off = client.get("/metrics", r -> r.header("Authorization", "Bearer " + METRICS_TOKEN));
            assertThat(off.code()).isEqualTo(403);
            assertThat(off.body().string()).contains("TALKS_METRICS_TOKEN");
        });
    }

    @Test
    void metricsCountRequestsByRouteSearchTimingsPublishingPoolsAndTheJvm() {
        long talkId = t.longs("SELECT min(id) FROM talk").get(0);
        t.update("INSERT INTO search_change (talk_id) VALUES (?)", talkId); // one change waits to be published
        try {
            JavalinTest.test(app, (server, client) -> {
                Map<String, Double> before = samples(scrape(client));
                for (int i = 0; i < 3; i++) {
                    assertThat(client.get("/api/talks?q=django").code()).isEqualTo(200);
                }
                assertThat(client.get("/api/talks/" + talkId).code()).isEqualTo(200);
                assertThat(client.get("/api/talks?year=twenty").code()).isEqualTo(400);
                assertThat(client.get("/no/such/page").code()).isEqualTo(404);

                String scrape = scrape(client);
                Map<String, Double> after = samples(scrape);

                // Micrometer's HTTP server conventions: uri (the route template), method, status, outcome
                String search = "uri=\"/api/talks\"";
                assertThat(value(after, "http_server_requests_seconds_count", search, "status=\"200\"",
                        "method=\"GET\"", "outcome=\"SUCCESS\"")
                        - value(before, "http_server_requests_seconds_count", search, "status=\"200\"",
                        "method=\"GET\"", "outcome=\"SUCCESS\""))
                        .isEqualTo(3);
                assertThat(value(after, "http_server_requests_seconds_count", search, "status=\"400\"",
                        "outcome=\"CLIENT_ERROR\"")).isPositive();
                assertThat(value(after, "http_server_requests_seconds_sum", search, "status=\"200\"")).isPositive();
                assertThat(present(after, "http_server_requests_seconds_bucket", search, "le=\"+Inf\"")).isTrue();
                assertThat(value(after, "http_server_requests_seconds_count", "uri=\"/api/talks/{id}\""))
                        .isGreaterThanOrEqualTo(1);
                assertThat(value(after, "http_server_requests_seconds_count", "uri=\"NOT_FOUND\"",
                        "status=\"404\"", "outcome=\"CLIENT_ERROR\"")).isGreaterThanOrEqualTo(1);
                assertThat(scrape).as("routes, never raw paths").doesNotContain("uri=\"/api/talks/" + talkId)
                        .doesNotContain("/no/such/page").doesNotContain("route=\"");

                assertThat(value(after, "talks_circuit_breaker_state", "name=\"elasticsearch\"",
                        "state=\"closed\"")).isEqualTo(1);
                assertThat(value(after, "talks_circuit_breaker_state", "state=\"open\"")).isZero();
                assertThat(present(after, "talks_circuit_breaker_state", "state=\"half_open\"")).isTrue();
                assertThat(present(after, "talks_engine_restarts_total", "engine=\"elasticsearch\"")).isTrue();
                assertThat(present(after, "talks_engine_restarts_total", "engine=\"postgresql\"")).isTrue();
                assertThat(value(after, "talks_engine_restarts_total")).isZero();
                // the admission's count of viewers turned away: there, and none for a handful of requests
                assertThat(present(after, "talks_requests_turned_away_total")).isTrue();
                assertThat(value(after, "talks_requests_turned_away_total")).isZero();

                assertThat(value(after, "talks_search_engine_seconds_count", "source=\"elasticsearch\"")
                        - value(before, "talks_search_engine_seconds_count", "source=\"elasticsearch\""))
                        .isEqualTo(3);
                assertThat(value(after, "talks_search_engine_seconds_sum")).isPositive().isLessThan(60);
                assertThat(value(after, "talks_search_hydration_seconds_count")).isGreaterThanOrEqualTo(3);

                assertThat(value(after, "talks_publishing_pending_changes")).isEqualTo(1);
                assertThat(value(after, "talks_publishing_oldest_pending_seconds")).isBetween(0.0, 600.0);
                assertThat(present(after, "talks_publishing_failed_operations_total")).isTrue();
                assertThat(value(after, "talks_publishing_failed_operations_total")).isZero();

                assertThat(value(after, "jvm_memory_used_bytes", "area=\"heap\"")).isPositive();
                assertThat(value(after, "jvm_threads_live_threads")).isPositive();
                assertThat(value(after, "process_uptime_seconds")).isPositive();
            });
        } finally {
            t.update("DELETE FROM search_change WHERE talk_id = ?", talkId);
        }
    }

    @Test
    void connectionPoolsAreMeasuredByHikariCPsOwnTracker() throws Exception {
        // The test engines hand out plain data sources, so a HikariCP pool of its own over the test database.
        HikariConfig config = new HikariConfig();
        config.setDataSource(t.dataSource());
        config.setPoolName("observed");
        config.setMaximumPoolSize(3);
        ArchiveMetrics metrics = new ArchiveMetrics();
        try (HikariDataSource pool = new HikariDataSource(config)) {
            metrics.connectionPool(pool); // a running pool
            assertThat(pool.getMetricsTrackerFactory()).isNotNull();
            new ArchiveMetrics().connectionPool(pool); // HikariCP takes one tracker: a second archive leaves it
            try (Connection held = pool.getConnection()) {
                Map<String, Double> samples = samples(metrics.scrape());
                assertThat(value(samples, "hikaricp_connections_active", "pool=\"observed\"")).isEqualTo(1);
                assertThat(value(samples, "hikaricp_connections_max", "pool=\"observed\"")).isEqualTo(3);
                assertThat(value(samples, "hikaricp_connections", "pool=\"observed\""))
                        .isBetween(1.0, 3.0);
                assertThat(value(samples, "hikaricp_connections_pending", "pool=\"observed\"")).isZero();
                // the tracker's timers, which hand-written gauges never had
                assertThat(value(samples, "hikaricp_connections_acquire_seconds_count", "pool=\"observed\""))
                        .isGreaterThanOrEqualTo(1);
                assertThat(present(samples, "hikaricp_connections_usage_seconds_count", "pool=\"observed\""))
                        .isTrue();
            }
            // HikariCP reads the pool's counts at most once a second
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
            while (value(samples(metrics.scrape()), "hikaricp_connections_active", "pool=\"observed\"") != 0
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(value(samples(metrics.scrape()), "hikaricp_connections_active", "pool=\"observed\""))
                    .isZero();
            assertThat(value(samples(metrics.scrape()), "hikaricp_connections_usage_seconds_count",
                    "pool=\"observed\"")).isGreaterThanOrEqualTo(1);
        }
    }

    /**
     * Every line logged while a request is handled carries its id in the MDC, not only the access line: here the
     * circuit breaker's warning as it opens, in front of an engine where nothing listens; and none after.
     */
    @Test
    void everyLineLoggedDuringARequestCarriesItsId() throws Exception {
        ListAppender<ILoggingEvent> all = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        all.start();
        root.addAppender(all);
        int closed;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort(); // closed again here: connections are refused
        }
        var deadEngine = org.talkarchive.infra.elasticsearch.ElasticsearchClients.create(
                "http://127.0.0.1:" + closed, Optional.empty());
        try {
            org.talkarchive.Archive withoutEngine = new org.talkarchive.Archive(
                    org.talkarchive.Archive.Engines.shared(t.dataSource(), deadEngine),
                    org.talkarchive.Archive.Settings.of(t.alias()));
            Javalin degraded = withoutEngine.web(Optional.empty(), Optional.of(METRICS_TOKEN), SiteConfig.local(7070));
            JavalinTest.test(degraded, (server, client) -> {
                for (int i = 0; i < 4; i++) { // the breaker opens at the third failed call in a row
                    Response search = client.request(new Request.Builder()
                            .url(client.getOrigin() + "/api/talks?q=django").header("X-Request-Id", "mdc-" + i)
                            .build());
                    assertThat(search.code()).isEqualTo(200);
                }
                Map<String, Double> samples = samples(scrape(client));
                assertThat(value(samples, "talks_circuit_breaker_state", "name=\"elasticsearch\"",
                        "state=\"open\"")).isEqualTo(1);
                assertThat(value(samples, "talks_circuit_breaker_state", "state=\"closed\"")).isZero();
            });
        } finally {
            root.detachAppender(all);
            deadEngine.close();
        }
        List<ILoggingEvent> opened = all.list.stream()
                .filter(e -> e.getLoggerName().endsWith("SearchEngineGuard") && e.getLevel() == Level.WARN).toList();
        assertThat(opened).as("the breaker's warning as it opened").isNotEmpty()
                .allSatisfy(e -> assertThat(e.getMDCPropertyMap().get("request_id")).isIn("mdc-0", "mdc-1", "mdc-2"));
        assertThat(org.slf4j.MDC.get("request_id")).as("none left on the test's thread").isNull();
    }

    private static String scrape(io.javalin.testtools.HttpClient client) throws Exception {
        Response response = client.get("/metrics", r -> r.header("Authorization", "Bearer " + METRICS_TOKEN));
        assertThat(response.code()).isEqualTo(200);
        assertThat(header(response, "Content-Type")).startsWith("text/plain; version=0.0.4");
        return response.body().string();
    }

    @Test
    void requestIdsAreEchoedShownInErrorsAndLogged() {
        JavalinTest.test(app, (server, client) -> {
            Response given = client.request(new Request.Builder().url(client.getOrigin() + "/api/talks?page=0")
                    .header("X-Request-Id", "proxy-42.a").build());
            assertThat(given.code()).isEqualTo(400);
            assertThat(header(given, "X-Request-Id")).isEqualTo("proxy-42.a");
            assertThat(JSON.readTree(given.body().string()).path("request_id").asText()).isEqualTo("proxy-42.a");

            Response forged = client.request(new Request.Builder().url(client.getOrigin() + "/api/talks/999999999")
                    .header("X-Request-Id", "x".repeat(65)).build());
            assertThat(forged.code()).isEqualTo(404);
            String generated = header(forged, "X-Request-Id");
            assertThat(generated).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
            JsonNode notFound = JSON.readTree(forged.body().string());
            assertThat(notFound.path("request_id").asText()).isEqualTo(generated);

            Response page = client.get("/talks/no-such-event/no-such-talk");
            assertThat(header(page, "X-Request-Id")).isNotBlank();
        });

        List<String> lines = accessLog.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).anySatisfy(line -> assertThat(line).matches("GET /api/talks 400 \\d+ ms proxy-42\\.a"));
        assertThat(lines).anySatisfy(line -> assertThat(line).matches("GET /api/talks/999999999 404 \\d+ ms [0-9a-f-]{36}"));
        assertThat(accessLog.list).allSatisfy(e -> assertThat(e.getFormattedMessage())
                .endsWith(" " + e.getMDCPropertyMap().get("request_id")));
    }
}
