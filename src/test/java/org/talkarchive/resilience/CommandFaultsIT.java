package org.talkarchive.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestMethodOrder;
import org.talkarchive.indexer.ConsistencyCheck;
import org.talkarchive.search.TalkQuery;

/**
 * Commands and reindexes beside a serving archive on its real engines, and their faults: command-line runs that share
 * its engines, a second serve, `check` against an engine that is away or has no index, changes held back by a
 * reindex's lock, a reindex killed mid-build, Elasticsearch dying right after a reindex's swap, a second reindex, and
 * TRUNCATE. None of its checks times how fast viewers are answered, so it runs beside other classes, on engines of
 * its own; the faults under viewers' load are {@link ResilienceIT}'s.
 */
@Tag("fault")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(1) // among the longest: started first (see the failsafe configuration in pom.xml)
class CommandFaultsIT {

    /** The serving archive's cleanup runs every 30 s; here often, so the test waits for the cleanup, not the clock. */
    private static final Duration LEFTOVERS_CLEANUP = Duration.ofSeconds(2);

    @RegisterExtension
    static final ServingSample SERVING = new ServingSample();

    private static FaultHarness archive() {
        return SERVING.archive();
    }

    @Test
    @Order(10)
    void commandsBesideARunningServeUseItsEnginesAndStopNothing() {
        long postmaster = archive().postmasterPid();
        for (String command : List.of("check", "index")) {
            FaultHarness.CliResult result = archive().runCli(Duration.ofSeconds(120), command);
            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).contains("using them");
        }
        assertThat(archive().runCli(Duration.ofSeconds(120), "check").output()).contains("-> consistent");
        assertThat(archive().postmasterPid()).as("the serving PostgreSQL was not restarted").isEqualTo(postmaster);
        assertThat(archive().get("/api/talks?q=django").status()).isEqualTo(200);
        assertThat(archive().get("/ready").status()).isEqualTo(200);
    }

    @Test
    @Order(20)
    void aSecondServeOnTheSameDataDirectoryRefusesToStart() {
        // It used to start on the first one's engines, and answer 503 for good once that one stopped.
        FaultHarness.CliResult result = archive().runCli(Map.of("PORT", "0"), Duration.ofSeconds(120), "serve");
        assertThat(result.exitCode()).as(result.output()).isEqualTo(4);
        assertThat(result.output()).contains("are run by another process of the archive (pid "
                + ProcessHandle.current().pid() + ")", "does not start").doesNotContain("\tat ");
        assertThat(archive().get("/ready").status()).isEqualTo(200);
    }

    @Test
    @Order(30)
    void checkSaysInOneLineThatElasticsearchIsAway() throws Exception {
        int nobody;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            nobody = socket.getLocalPort(); // closed again below: nothing listens there
        }
        FaultHarness.CliResult result = archive().runCli(Map.of("ELASTICSEARCH_URL", "http://127.0.0.1:" + nobody),
                Duration.ofSeconds(120), "check");
        assertThat(result.exitCode()).as(result.output()).isEqualTo(70);
        assertThat(result.output()).contains("check failed: Elasticsearch could not be reached")
                .doesNotContain("\tat ", "Exception in");
    }

    @Test
    @Order(35)
    void aBadSettingStopsACommandWithOneLineNamingIt() {
        Map<String, String> badSettings = Map.of(
                "PORT", "http",
                "TALKS_ADMIN_TOKEN", "too-short",
                "TALKS_ES_HEAP", "lots",
                "DATABASE_URL", "postgres://archive:hunter2@db/talks",
                "TALKS_CONCURRENT_REQUESTS", "0");
        badSettings.forEach((name, value) -> {
            // serve reads every setting, the site's too; nothing may start before the settings are read
            FaultHarness.CliResult result = FaultHarness.runCli(FaultHarness.jar(),
                    SERVING.dir().resolve("never-started"), Map.of(name, value), Duration.ofSeconds(60), "serve");
            assertThat(result.exitCode()).as(result.output()).isEqualTo(78);
            assertThat(result.output().strip()).as(name).startsWith("serve did not start: " + name + " must ")
                    .doesNotContain("\tat ", "Exception", "hunter2").hasLineCount(1);
        });
        assertThat(SERVING.dir().resolve("never-started")).as("no engine was started").doesNotExist();
    }

    @Test
    @Order(40)
    void checkOnANewDataDirectorySaysThereIsNoIndexYet() {
        // a new data directory (its own PostgreSQL) beside the serving Elasticsearch, whose alias points nowhere
        FaultHarness.CliResult result = FaultHarness.runCli(FaultHarness.jar(), SERVING.dir().resolve("new-data"),
                Map.of("ELASTICSEARCH_URL", archive().elasticsearchUrl(), "TALKS_INDEX_ALIAS", "talks_never_built"),
                Duration.ofSeconds(180), "check");
        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.output()).contains("no search index yet").doesNotContain("\tat ",
                "index_not_found_exception");
    }

    @Test
    @Order(60)
    void searchesSayWhenChangesWaitToBePublished() throws Exception {
        String word = "zanzibarian"; // sorted by date: words only, no talks found by meaning
        try (Connection hold = archive().connect()) {
            hold.setAutoCommit(false);
            try (PreparedStatement lock = hold.prepareStatement("SELECT pg_advisory_xact_lock(7301, 1)")) {
                lock.execute(); // as a reindex's swap holds it: no batch publishes meanwhile
            }
            archive().execute("UPDATE talk SET title = title || ' " + word + "' WHERE id = (SELECT max(id) FROM talk)");
            FaultHarness.sleep(Duration.ofSeconds(3)); // longer than publishing takes when it keeps up
            HttpResponse<String> stale = archive().viewer().getResponse("/api/talks?sort=newest&q=" + word);
            assertThat(stale.body()).as("the engine does not have the change yet")
                    .contains("\"total\":0", "\"degraded\":false", "\"catching_up\":true");
            assertThat(archive().viewer().getResponse("/?sort=newest&q=" + word).body()).contains("id=\"catching-up\"");
            hold.commit();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = archive().viewer().getResponse("/api/talks?sort=newest&q=" + word).body();
            if (body.contains("\"catching_up\":false")) {
                break;
            }
            FaultHarness.sleep(Duration.ofMillis(250));
        }
        assertThat(body).contains("\"total\":1", "\"catching_up\":false");
        assertThat(archive().viewer().getResponse("/?sort=newest&q=" + word).body())
                .doesNotContain("id=\"catching-up\"");
    }

    @Test
    @Order(80)
    void aReindexKilledMidBuildIsReportedThenCleanedUp() throws Exception {
        boolean killedMidBuild = false;
        for (int attempt = 0; attempt < 5 && !killedMidBuild; attempt++) {
            Process reindex = archive().startCli("reindex");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (reindex.isAlive() && System.nanoTime() < deadline) {
                if (archive().count("SELECT count(*) FROM search_index_build") > 0) {
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

        ConsistencyCheck.Report report = archive().archive().consistency().check(100);
        assertThat(report.staleBuilds()).hasSize(1);
        assertThat(report.orphanIndices()).hasSize(1);
        assertThat(report.consistent()).isFalse();
        assertThat(archive().runCli(Duration.ofSeconds(120), "check").exitCode()).isEqualTo(1);
        assertThat(archive().get("/api/talks?q=django").status()).isEqualTo(200);

        archive().archive().reindexer().reindex(); // the next reindex (or start of serve) removes them first
        archive().assertNoDrift();
    }

    @Test
    @Order(90)
    void elasticsearchDyingAfterTheSwapLeavesASucceededReindexWhoseLeftoversTheServeRemoves() throws Exception {
        try (AutoCloseable cleanup = archive().startLeftoversCleanup(LEFTOVERS_CLEANUP)) {
            Set<String> before = archive().archive().index().indicesBehindAlias();
            HttpResponse<String> started = archive().post("/api/admin/reindex");
            assertThat(started.statusCode()).isEqualTo(202);
            String location = started.headers().firstValue("Location").orElseThrow();
            long job = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (archive().archive().index().indicesBehindAlias().equals(before) && System.nanoTime() < deadline) {
                FaultHarness.sleep(Duration.ofMillis(20));
            }
            // the alias has moved; the old index waits out its grace period (retiring): the engine dies now
            archive().killElasticsearch();
            deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (archive().count("SELECT count(*) FROM admin_job WHERE state = 'running' AND id = " + job) > 0
                    && System.nanoTime() < deadline) {
                FaultHarness.sleep(Duration.ofMillis(200));
            }
            assertThat(archive().count("SELECT count(*) FROM admin_job WHERE state = 'done' AND id = " + job))
                    .as("the reindex whose swap took effect succeeded").isEqualTo(1);
            assertThat(archive().count("SELECT count(*) FROM admin_job WHERE id = " + job
                    + " AND jsonb_array_length(result -> 'warnings') > 0")).as("with a warning").isEqualTo(1);

            deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!archive().elasticsearchAnswers() && System.nanoTime() < deadline) {
                FaultHarness.sleep(Duration.ofMillis(200));
            }
            archive().awaitReady(Duration.ofSeconds(30));
            long back = System.nanoTime();
            // the old index is a leftover now, which the serving archive removes at its next cleanup
            while (!noLeftovers() && System.nanoTime() - back < Duration.ofSeconds(60).toNanos()) {
                FaultHarness.sleep(Duration.ofMillis(500));
            }
            assertThat(noLeftovers()).as("leftovers removed after the engine's return").isTrue();
        }
        archive().assertNoDrift();
    }

    @Test
    @Order(100)
    void aSecondReindexIsRefusedWith409() throws Exception {
        try (Connection c = archive().connect();
             PreparedStatement hold = c.prepareStatement("SELECT pg_advisory_lock(7301, 2)")) {
            hold.execute(); // as a reindex in progress holds it
            HttpResponse<String> response = archive().post("/api/admin/reindex");
            assertThat(response.statusCode()).isEqualTo(409);
            assertThat(response.body()).contains("Another reindex is running");
            assertThat(archive().runCli(Duration.ofSeconds(120), "reindex").exitCode()).isEqualTo(3);
        }
        HttpResponse<String> started = archive().post("/api/admin/reindex");
        assertThat(started.statusCode()).isEqualTo(202); // a job now: it runs in the background
        String job = started.headers().firstValue("Location").orElseThrow();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (archive().count("SELECT count(*) FROM admin_job WHERE state = 'running'") > 0
                && System.nanoTime() < deadline) {
            FaultHarness.sleep(Duration.ofMillis(200));
        }
        assertThat(archive().count("SELECT count(*) FROM admin_job WHERE state = 'done' AND id = "
                + job.substring(job.lastIndexOf('/') + 1))).isEqualTo(1);
    }

    @Test
    @Order(110)
    void truncateIsPublishedAsAFullRebuild() {
        assertThat(archive().get("/api/talks?tag=testing").status()).isEqualTo(200);
        long tagged = archive().count("SELECT count(DISTINCT talk_id) FROM talk_tag");
        assertThat(tagged).isPositive();
        archive().execute("TRUNCATE talk_tag");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (archive().count("SELECT count(*) FROM search_reindex_request") > 0 && System.nanoTime() < deadline) {
            FaultHarness.sleep(Duration.ofMillis(200));
        }
        assertThat(archive().count("SELECT count(*) FROM search_reindex_request")).isZero();
        archive().archive().index().refresh();
        assertThat(archive().archive().search().search(TalkQuery.parse(Map.of("tag", List.of("testing")), Set.of()))
                .total()).isZero();
        archive().assertNoDrift();
    }

    private static boolean noLeftovers() {
        try {
            return archive().archive().reindexer().leftovers().map(l -> l.isEmpty()).orElse(false);
        } catch (RuntimeException e) {
            return false; // the engine is still recovering
        }
    }
}
