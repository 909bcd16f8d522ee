package org.talkarchive.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.parallel.Isolated;
import org.talkarchive.importer.SampleCorpus;
import org.talkarchive.indexer.ConsistencyCheck;
import org.talkarchive.resilience.ViewerClient.Outcome;
import org.talkarchive.search.SearchPage;
import org.talkarchive.search.TalkQuery;

/**
 * Faults injected into a serving archive on its real engines: command-line runs beside it, kill -9 of
 * Elasticsearch and of PostgreSQL under steady load, a reindex killed mid-build, TRUNCATE. Each checks that no
 * request hung past its timeout, that searches kept answering (degraded while Elasticsearch was down, 503 with
 * Retry-After while PostgreSQL was), that the archive was ready again within 30 s of the engine being back, and
 * that PostgreSQL and the index agree at the end.
 */
@Isolated("It asserts how fast viewers are answered while an engine is killed or frozen (beside another class,"
        + " a request during the freeze took 2.6 s of its 2.5)")
@Tag("fault")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResilienceIT {

    private static final List<String> VIEWER_PATHS = List.of("/api/talks?q=django", "/?q=testing",
            "/api/talks?year=2023", "/api/talks?q=migrations&sort=newest", "/api/suggest?q=dja");
    // A search has 2 s for the engine, then PostgreSQL's fallback; a page without PostgreSQL fails within ~1 s.
    private static final long LONGEST_ACCEPTABLE_MS = 5_000;

    @TempDir
    static Path dir;

    static FaultHarness archive;

    @BeforeAll
    static void serve() {
        archive = FaultHarness.start(dir.resolve("data"), SampleCorpus.extractTo(dir.resolve("sample")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (archive != null) {
            archive.close();
        }
    }

    private static void assertNoDrift() {
        archive.archive().sync().syncAll();
        ConsistencyCheck.Report report = archive.archive().consistency().check(500);
        assertThat(report.consistent()).as(report.summary()).isTrue();
    }

    private static void assertAnsweredInTime(List<Outcome> outcomes) {
        assertThat(outcomes).isNotEmpty();
        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.millis()).as("%s took", o.path()).isLessThan(LONGEST_ACCEPTABLE_MS);
            assertThat(o.status()).as("%s answered", o.path()).isIn(200, 503);
            if (o.status() == 503) {
                assertThat(o.retryAfter()).as("503 for %s carries Retry-After", o.path()).isTrue();
            }
        });
    }

    @Test
    @Order(10)
    void commandsBesideARunningServeUseItsEnginesAndStopNothing() {
        long postmaster = archive.postmasterPid();
        for (String command : List.of("check", "index")) {
            FaultHarness.CliResult result = archive.runCli(Duration.ofSeconds(120), command);
            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).contains("using them");
        }
        assertThat(archive.runCli(Duration.ofSeconds(120), "check").output()).contains("-> consistent");
        assertThat(archive.postmasterPid()).as("the serving PostgreSQL was not restarted").isEqualTo(postmaster);
        assertThat(archive.get("/api/talks?q=django").status()).isEqualTo(200);
        assertThat(archive.get("/ready").status()).isEqualTo(200);
    }

    @Test
    @Order(20)
    void aSecondServeOnTheSameDataDirectoryRefusesToStart() {
        // It used to start on the first one's engines, and answer 503 for good once that one stopped.
        FaultHarness.CliResult result = archive.runCli(Map.of("PORT", "0"), Duration.ofSeconds(120), "serve");
        assertThat(result.exitCode()).as(result.output()).isEqualTo(4);
        assertThat(result.output()).contains("are run by another process of the archive (pid "
                + ProcessHandle.current().pid() + ")", "does not start").doesNotContain("\tat ");
        assertThat(archive.get("/ready").status()).isEqualTo(200);
    }

    @Test
    @Order(30)
    void checkSaysInOneLineThatElasticsearchIsAway() throws Exception {
        int nobody;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            nobody = socket.getLocalPort(); // closed again below: nothing listens there
        }
        FaultHarness.CliResult result = archive.runCli(Map.of("ELASTICSEARCH_URL", "http://127.0.0.1:" + nobody),
                Duration.ofSeconds(120), "check");
        assertThat(result.exitCode()).as(result.output()).isEqualTo(70);
        assertThat(result.output()).contains("check failed: Elasticsearch could not be reached")
                .doesNotContain("\tat ", "Exception in");
    }

    @Test
    @Order(40)
    void checkOnANewDataDirectorySaysThereIsNoIndexYet() {
        // a new data directory (its own PostgreSQL) beside the serving Elasticsearch, whose alias points nowhere
        FaultHarness.CliResult result = FaultHarness.runCli(FaultHarness.jar(), dir.resolve("new-data"),
                Map.of("ELASTICSEARCH_URL", archive.elasticsearchUrl(), "TALKS_INDEX_ALIAS", "talks_never_built"),
                Duration.ofSeconds(180), "check");
        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("no search index yet").doesNotContain("\tat ",
                "index_not_found_exception");
    }

    @Test
    @Order(60)
    void searchesSayWhenChangesWaitToBePublished() throws Exception {
        String word = "zanzibarian"; // sorted by date: words only, no talks found by meaning
        try (Connection hold = archive.connect()) {
            hold.setAutoCommit(false);
            try (PreparedStatement lock = hold.prepareStatement("SELECT pg_advisory_xact_lock(7301, 1)")) {
                lock.execute(); // as a reindex's swap holds it: no batch publishes meanwhile
            }
            archive.execute("UPDATE talk SET title = title || ' " + word + "' WHERE id = (SELECT max(id) FROM talk)");
            FaultHarness.sleep(Duration.ofSeconds(3)); // longer than publishing takes when it keeps up
            HttpResponse<String> stale = archive.viewer().getResponse("/api/talks?sort=newest&q=" + word);
            assertThat(stale.body()).as("the engine does not have the change yet")
                    .contains("\"total\":0", "\"degraded\":false", "\"catching_up\":true");
            assertThat(archive.viewer().getResponse("/?sort=newest&q=" + word).body()).contains("id=\"catching-up\"");
            hold.commit();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = archive.viewer().getResponse("/api/talks?sort=newest&q=" + word).body();
            if (body.contains("\"catching_up\":false")) {
                break;
            }
            FaultHarness.sleep(Duration.ofMillis(250));
        }
        assertThat(body).contains("\"total\":1", "\"catching_up\":false");
        assertThat(archive.viewer().getResponse("/?sort=newest&q=" + word).body()).doesNotContain("id=\"catching-up\"");
    }

    /**
     * Runs the fault under a steady viewer load; waits until the killed engine answers again (the supervisor
     * restarts it), then requires the archive to be UP (every component) within 30 s of that. Returns what viewers
     * got.
     */
    private static List<Outcome> underLoad(Runnable fault, java.util.function.BooleanSupplier engineAnswers)
            throws Exception {
        return underLoad(fault, engineAnswers, () -> { });
    }

    /** The same; {@code onceReady} runs once the archive is ready again, with the load still going. */
    private static List<Outcome> underLoad(Runnable fault, java.util.function.BooleanSupplier engineAnswers,
                                           Runnable onceReady) throws Exception {
        try (ViewerClient.Load load = archive.load(VIEWER_PATHS, 2, Duration.ofSeconds(150))) {
            FaultHarness.sleep(Duration.ofSeconds(1));
            fault.run();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            boolean answered;
            // asked once per round: a node that has just started may answer and then be slow to answer again
            while (!(answered = engineAnswers.getAsBoolean()) && System.nanoTime() < deadline) {
                FaultHarness.sleep(Duration.ofMillis(100));
            }
            assertThat(answered).as("the engine was restarted").isTrue();
            archive.awaitReady(Duration.ofSeconds(30));
            onceReady.run();
            List<Outcome> outcomes = load.outcomes();
            assertAnsweredInTime(outcomes);
            return outcomes;
        }
    }

    @Test
    @Order(50)
    void killingElasticsearchUnderLoadDegradesSearchAndHeals() throws Exception {
        List<Outcome> afterReady = new java.util.ArrayList<>();
        List<Outcome> whileAway = new java.util.ArrayList<>();
        List<Outcome> outcomes = underLoad(() -> {
            archive.killElasticsearch();
            // a change written while the engine is down is published once it is back
            archive.execute("UPDATE talk SET title = title || ' (revised)' WHERE id = (SELECT min(id) FROM talk)");
            // Still ready (PostgreSQL answers the searches), and says DEGRADED until the node is back and warm.
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < until && whileAway.stream().noneMatch(o -> "DEGRADED".equals(o.health()))) {
                whileAway.add(archive.get("/ready"));
                FaultHarness.sleep(Duration.ofMillis(100));
            }
        }, archive::elasticsearchAnswers, () -> {
            // Once UP, it stays UP: the node that came back cold was warmed up before /ready said UP, so viewers'
            // first searches on it do not open the breaker again (which sent /ready back for 5-8 s).
            long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (System.nanoTime() < until) {
                afterReady.add(archive.get("/ready"));
                afterReady.add(archive.get("/api/talks?q=python"));
                FaultHarness.sleep(Duration.ofMillis(200));
            }
        });
        System.out.printf("after Elasticsearch came back and /ready said UP: %d /ready answers (%d of them not UP),"
                        + " %d searches (%d degraded, the longest %d ms)%n",
                afterReady.stream().filter(o -> o.path().equals("/ready")).count(),
                afterReady.stream().filter(o -> o.path().equals("/ready") && !"UP".equals(o.health())).count(),
                afterReady.stream().filter(o -> !o.path().equals("/ready")).count(),
                afterReady.stream().filter(o -> !o.path().equals("/ready") && o.degraded()).count(),
                afterReady.stream().filter(o -> !o.path().equals("/ready")).mapToLong(Outcome::millis).max()
                        .orElse(0));
        assertThat(whileAway).as("/ready while the engine was away: still ready, and DEGRADED")
                .allMatch(o -> o.status() == 200)
                .anyMatch(o -> "DEGRADED".equals(o.health()));
        assertThat(afterReady.stream().filter(o -> o.path().equals("/ready")))
                .as("/ready after it first said UP again")
                .allMatch(o -> o.status() == 200 && "UP".equals(o.health()));
        assertThat(afterReady.stream().filter(o -> o.path().startsWith("/api/talks")))
                .as("searches after ready: answered by the engine in time")
                .allMatch(o -> o.status() == 200 && !o.degraded() && o.millis() < 2_000);
        assertThat(outcomes).as("searches were answered from PostgreSQL while the engine was down")
                .anyMatch(o -> o.status() == 200 && o.degraded());
        assertThat(outcomes.stream().filter(o -> o.path().startsWith("/api/talks")))
                .as("searches never failed").allMatch(o -> o.status() == 200);
        assertThat(archive.get("/api/talks?q=django").degraded()).isFalse();
        assertNoDrift();
        SearchPage revised = archive.archive().search().search(TalkQuery.parse(Map.of("q", List.of("revised")),
                Set.of()));
        assertThat(revised.degraded()).isFalse();
        assertThat(revised.hits()).as("the change made while the engine was down was published").hasSize(1);
    }

    @Test
    @Order(70)
    void killingPostgresUnderLoadAnswers503QuicklyAndHeals() throws Exception {
        List<Outcome> outcomes = underLoad(archive::killPostgres, archive::postgresAnswers);
        assertThat(outcomes).as("PostgreSQL's absence was seen").anyMatch(o -> o.status() == 503);
        assertThat(archive.get("/api/talks?q=django").status()).isEqualTo(200);
        assertNoDrift();
    }

    @Test
    @Order(75)
    void aFrozenPostgresIsNoticedWithinAboutASecond() throws Exception {
        ProcessHandle postmaster = ProcessHandle.of(archive.postmasterPid()).orElseThrow();
        List<ProcessHandle> postgres = new java.util.ArrayList<>(List.of(postmaster));
        postgres.addAll(postmaster.descendants().toList());
        Outcome ready;
        List<Outcome> outcomes;
        try (ViewerClient.Load load = archive.load(VIEWER_PATHS, 2, Duration.ofSeconds(60))) {
            FaultHarness.sleep(Duration.ofSeconds(1));
            load.reset();
            signal("STOP", postgres); // frozen: its sockets stay open, nothing answers on them
            try {
                FaultHarness.sleep(Duration.ofSeconds(1));
                ready = archive.get("/ready");
                FaultHarness.sleep(Duration.ofSeconds(4));
                outcomes = load.outcomes();
            } finally {
                signal("CONT", postgres);
            }
        }
        // Pages and /ready used to wait out the viewers' pool's 5 s socket timeout.
        System.out.printf("frozen PostgreSQL: /ready %d in %d ms; %d requests, the longest %d ms%n", ready.status(),
                ready.millis(), outcomes.size(), outcomes.stream().mapToLong(Outcome::millis).max().orElse(0));
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.health()).isEqualTo("DOWN");
        assertThat(ready.retryAfter()).isTrue();
        assertThat(ready.millis()).as("/ready took").isLessThan(2_000);
        assertThat(outcomes).as("PostgreSQL's absence was seen").anyMatch(o -> o.status() == 503);
        assertThat(outcomes).allSatisfy(o -> {
            assertThat(o.millis()).as("%s took", o.path()).isLessThan(2_500);
            assertThat(o.status()).as("%s answered", o.path()).isIn(200, 503);
        });
        archive.awaitReady(Duration.ofSeconds(30));
        assertNoDrift();
    }

    private static void signal(String signal, List<ProcessHandle> processes) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("kill", "-" + signal));
        processes.forEach(p -> command.add(Long.toString(p.pid())));
        new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    @Test
    @Order(80)
    void aReindexKilledMidBuildIsReportedThenCleanedUp() throws Exception {
        boolean killedMidBuild = false;
        for (int attempt = 0; attempt < 5 && !killedMidBuild; attempt++) {
            Process reindex = archive.startCli("reindex");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (reindex.isAlive() && System.nanoTime() < deadline) {
                if (archive.count("SELECT count(*) FROM search_index_build") > 0) {
                    reindex.destroyForcibly(); // SIGKILL, mid-build
                    reindex.waitFor();
                    killedMidBuild = true;
                    break;
                }
                Thread.sleep(5);
            }
            reindex.destroyForcibly().waitFor();
        }
        assertThat(killedMidBuild).as("a reindex was caught mid-build").isTrue();

        ConsistencyCheck.Report report = archive.archive().consistency().check(100);
        assertThat(report.staleBuilds()).hasSize(1);
        assertThat(report.orphanIndices()).hasSize(1);
        assertThat(report.consistent()).isFalse();
        assertThat(archive.runCli(Duration.ofSeconds(120), "check").exitCode()).isEqualTo(1);
        assertThat(archive.get("/api/talks?q=django").status()).isEqualTo(200);

        archive.archive().reindexer().reindex(); // the next reindex (or start of serve) removes them first
        assertNoDrift();
    }

    @Test
    @Order(90)
    void elasticsearchDyingAfterTheSwapLeavesASucceededReindexWhoseLeftoversTheServeRemoves() throws Exception {
        try (AutoCloseable cleanup = archive.startLeftoversCleanup()) {
            Set<String> before = archive.archive().index().indicesBehindAlias();
            HttpResponse<String> started = archive.post("/api/admin/reindex");
            assertThat(started.statusCode()).isEqualTo(202);
            String location = started.headers().firstValue("Location").orElseThrow();
            long job = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (archive.archive().index().indicesBehindAlias().equals(before) && System.nanoTime() < deadline) {
                FaultHarness.sleep(Duration.ofMillis(20));
            }
            // the alias has moved; the old index waits out its grace period (retiring): the engine dies now
            archive.killElasticsearch();
            deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (archive.count("SELECT count(*) FROM admin_job WHERE state = 'running' AND id = " + job) > 0
                    && System.nanoTime() < deadline) {
                FaultHarness.sleep(Duration.ofMillis(200));
            }
            assertThat(archive.count("SELECT count(*) FROM admin_job WHERE state = 'done' AND id = " + job))
                    .as("the reindex whose swap took effect succeeded").isEqualTo(1);
            assertThat(archive.count("SELECT count(*) FROM admin_job WHERE id = " + job
                    + " AND jsonb_array_length(result -> 'warnings') > 0")).as("with a warning").isEqualTo(1);

            deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!archive.elasticsearchAnswers() && System.nanoTime() < deadline) {
                FaultHarness.sleep(Duration.ofMillis(200));
            }
            archive.awaitReady(Duration.ofSeconds(30));
            long back = System.nanoTime();
            // the old index is a leftover now, which the serving archive removes within a minute
            while (!noLeftovers() && System.nanoTime() - back < Duration.ofSeconds(60).toNanos()) {
                FaultHarness.sleep(Duration.ofMillis(500));
            }
            assertThat(noLeftovers()).as("leftovers removed within a minute of the engine's return").isTrue();
        }
        assertNoDrift();
    }

    private static boolean noLeftovers() {
        try {
            return archive.archive().reindexer().leftovers().map(l -> l.isEmpty()).orElse(false);
        } catch (RuntimeException e) {
            return false; // the engine is still recovering
        }
    }

    @Test
    @Order(100)
    void aSecondReindexIsRefusedWith409() throws Exception {
        try (Connection c = archive.connect();
             PreparedStatement hold = c.prepareStatement("SELECT pg_advisory_lock(7301, 2)")) {
            hold.execute(); // as a reindex in progress holds it
            HttpResponse<String> response = archive.post("/api/admin/reindex");
            assertThat(response.statusCode()).isEqualTo(409);
            assertThat(response.body()).contains("Another reindex is running");
            assertThat(archive.runCli(Duration.ofSeconds(120), "reindex").exitCode()).isEqualTo(3);
        }
        HttpResponse<String> started = archive.post("/api/admin/reindex");
        assertThat(started.statusCode()).isEqualTo(202); // a job now: it runs in the background
        String job = started.headers().firstValue("Location").orElseThrow();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (archive.count("SELECT count(*) FROM admin_job WHERE state = 'running'") > 0
                && System.nanoTime() < deadline) {
            FaultHarness.sleep(Duration.ofMillis(200));
        }
        assertThat(archive.count("SELECT count(*) FROM admin_job WHERE state = 'done' AND id = "
                + job.substring(job.lastIndexOf('/') + 1))).isEqualTo(1);
    }

    @Test
    @Order(110)
    void truncateIsPublishedAsAFullRebuild() {
        assertThat(archive.get("/api/talks?tag=testing").status()).isEqualTo(200);
        long tagged = archive.count("SELECT count(DISTINCT talk_id) FROM talk_tag");
        assertThat(tagged).isPositive();
        archive.execute("TRUNCATE talk_tag");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (archive.count("SELECT count(*) FROM search_reindex_request") > 0 && System.nanoTime() < deadline) {
            FaultHarness.sleep(Duration.ofMillis(200));
        }
        assertThat(archive.count("SELECT count(*) FROM search_reindex_request")).isZero();
        archive.archive().index().refresh();
        assertThat(archive.archive().search().search(TalkQuery.parse(Map.of("tag", List.of("testing")), Set.of()))
                .total()).isZero();
        assertNoDrift();
    }
}
