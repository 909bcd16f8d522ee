package org.talkarchive.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.parallel.Isolated;
import org.talkarchive.resilience.ViewerClient.Outcome;
import org.talkarchive.search.SearchPage;
import org.talkarchive.search.TalkQuery;

/**
 * Engines failing under a serving archive's viewers, on its real engines: kill -9 of Elasticsearch and of PostgreSQL
 * under steady load, and a frozen PostgreSQL. Each checks that no request hung past its timeout, that searches kept
 * answering (degraded while Elasticsearch was down, 503 with Retry-After while PostgreSQL was), that the archive was
 * ready again within 30 s of the engine being back, and that PostgreSQL and the index agree at the end. The faults
 * whose checks do not time viewers (commands, reindexes, TRUNCATE) are in {@link CommandFaultsIT}, which runs beside
 * other classes.
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

    @RegisterExtension
    static final ServingSample SERVING = new ServingSample();

    private static FaultHarness archive() {
        return SERVING.archive();
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
        try (ViewerClient.Load load = archive().load(VIEWER_PATHS, 2, Duration.ofSeconds(150))) {
            FaultHarness.sleep(Duration.ofSeconds(1));
            fault.run();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            boolean answered;
            // asked once per round: a node that has just started may answer and then be slow to answer again
            while (!(answered = engineAnswers.getAsBoolean()) && System.nanoTime() < deadline) {
                FaultHarness.sleep(Duration.ofMillis(100));
            }
            assertThat(answered).as("the engine was restarted").isTrue();
            archive().awaitReady(Duration.ofSeconds(30));
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
            archive().killElasticsearch();
            // a change written while the engine is down is published once it is back
            archive().execute("UPDATE talk SET title = title || ' (revised)' WHERE id = (SELECT min(id) FROM talk)");
            // Still ready (PostgreSQL answers the searches), and says DEGRADED until the node is back and warm.
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < until && whileAway.stream().noneMatch(o -> "DEGRADED".equals(o.health()))) {
                whileAway.add(archive().get("/ready"));
                FaultHarness.sleep(Duration.ofMillis(100));
            }
        }, archive()::elasticsearchAnswers, () -> {
            // Once UP, it stays UP: the node that came back cold was warmed up before /ready said UP, so viewers'
            // first searches on it do not open the breaker again (which sent /ready back for 5-8 s).
            long until = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            while (System.nanoTime() < until) {
                afterReady.add(archive().get("/ready"));
                afterReady.add(archive().get("/api/talks?q=python"));
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
        assertThat(archive().get("/api/talks?q=django").degraded()).isFalse();
        archive().assertNoDrift();
        SearchPage revised = archive().archive().search().search(TalkQuery.parse(Map.of("q", List.of("revised")),
                Set.of()));
        assertThat(revised.degraded()).isFalse();
        assertThat(revised.hits()).as("the change made while the engine was down was published").hasSize(1);
    }

    @Test
    @Order(70)
    void killingPostgresUnderLoadAnswers503QuicklyAndHeals() throws Exception {
        List<Outcome> outcomes = underLoad(archive()::killPostgres, archive()::postgresAnswers);
        assertThat(outcomes).as("PostgreSQL's absence was seen").anyMatch(o -> o.status() == 503);
        assertThat(archive().get("/api/talks?q=django").status()).isEqualTo(200);
        archive().assertNoDrift();
    }

    @Test
    @Order(75)
    void aFrozenPostgresIsNoticedWithinAboutASecond() throws Exception {
        ProcessHandle postmaster = ProcessHandle.of(archive().postmasterPid()).orElseThrow();
        List<ProcessHandle> postgres = new java.util.ArrayList<>(List.of(postmaster));
        postgres.addAll(postmaster.descendants().toList());
        Outcome ready;
        List<Outcome> outcomes;
        try (ViewerClient.Load load = archive().load(VIEWER_PATHS, 2, Duration.ofSeconds(60))) {
            FaultHarness.sleep(Duration.ofSeconds(1));
            load.reset();
            signal("STOP", postgres); // frozen: its sockets stay open, nothing answers on them
            try {
                FaultHarness.sleep(Duration.ofSeconds(1));
                ready = archive().get("/ready");
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
        archive().awaitReady(Duration.ofSeconds(30));
        archive().assertNoDrift();
    }

    private static void signal(String signal, List<ProcessHandle> processes) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("kill", "-" + signal));
        processes.forEach(p -> command.add(Long.toString(p.pid())));
        new ProcessBuilder(command).inheritIO().start().waitFor();
    }

}
