package org.talkarchive.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.parallel.Isolated;
import org.talkarchive.search.SearchPage;
import org.talkarchive.search.TalkQuery;
import org.talkarchive.search.TalkSearchService;
import org.talkarchive.testing.Fixtures;

/**
 * An embedded cluster of three real nodes (TALKS_ES_NODES=3), an index with three shards and one replica each, and
 * viewers' searches from a few threads through the archive's search service while the elected master is killed
 * with kill -9. Every search must come from Elasticsearch (no PostgreSQL fallback), with the same results as before
 * the kill; the supervisor starts only the dead node again, and the cluster turns green once it is back.
 */
@Isolated("Three more nodes on two cores, and a kill whose searches must all come through")
@Tag("fault")
class ClusterIT {

    /**
     * Searches allowed to fail or fall back to PostgreSQL while a node dies. None: a request that the killed node
     * was coordinating fails over to another node inside the client, and shard requests to it fail over to the
     * replica inside the cluster; an answer missing a shard (the node died between finding and fetching its hits)
     * is asked again by the search guard. So viewers see no failure at all.
     */
    private static final int ALLOWED_FAILURES = 0;
    private static final int NODES = 3;

    @TempDir
    static Path dir;

    /** One search and what it should find: the talks found (as a set: shard copies may break ties differently). */
    private record Probe(String name, TalkQuery query) {
    }

    private record Outcome(long startedNanos, long millis, String failure) {
    }

    @Test
    void searchesKeepAnsweringWhileANodeIsKilledAndTheClusterTurnsGreenAgain() throws Exception {
        Path data = dir.resolve("data");
        try (FaultHarness archive = FaultHarness.start(data, Fixtures.corpusCopy(dir.resolve("corpus")), Map.of(
                "TALKS_ES_NODES", Integer.toString(NODES),
                "TALKS_INDEX_SHARDS", "3",
                // Not the viewers' 2 s: this machine is shared (load averages of 12-17 were seen), and a search slow
                // for that reason is not the question here. A killed node fails requests at once (connection
                // refused or reset), so the kill is not hidden by a longer timeout.
                "TALKS_SEARCH_TIMEOUT_MS", "10000",
                "TALKS_INDEX_REPLICAS", "1"));
             ClusterNodes cluster = new ClusterNodes(data)) {
            assertThat(cluster.pids()).containsOnlyKeys("node-1", "node-2", "node-3");
            cluster.awaitGreen(NODES, Duration.ofSeconds(60));
            String index = archive.archive().index().indicesBehindAlias().iterator().next();
            assertThat(cluster.client().cat().shards(c -> c.index(index)).shards())
                    .as("three shards, each with a primary and a replica, spread over the nodes")
                    .hasSize(6).extracting(s -> s.node()).containsOnly("node-1", "node-2", "node-3");

            TalkSearchService search = archive.archive().search();
            List<Probe> probes = List.of(
                    new Probe("all", TalkQuery.all()),
                    new Probe("orm", TalkQuery.parse(Map.of("q", List.of("orm")), Set.of())),
                    new Probe("django", TalkQuery.parse(Map.of("q", List.of("django")), Set.of())),
                    new Probe("year", TalkQuery.parse(Map.of("year", List.of("2019")), Set.of())));
            Map<String, Set<String>> expected = probes.stream()
                    .collect(Collectors.toMap(Probe::name, p -> slugs(search.search(p.query()))));
            assertThat(expected.get("all")).hasSize(5);
            assertThat(search.search(probes.get(1).query()).hits()).first()
                    .satisfies(h -> assertThat(h.talk().slug()).isEqualTo("django-orm-deep-dive"));
            assertThat(expected.get("django")).isNotEmpty().isNotEqualTo(expected.get("all"));

            Map<String, Long> before = cluster.pids();
            String victim = cluster.master(); // the hardest node to lose: the others must elect a new master
            ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
            AtomicBoolean running = new AtomicBoolean(true);
            long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos(); // the load stops by itself
            List<Thread> viewers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                AtomicInteger next = new AtomicInteger(t);
                Thread viewer = new Thread(() -> {
                    while (running.get() && System.nanoTime() < deadline) {
                        Probe probe = probes.get(next.getAndIncrement() % probes.size());
                        long started = System.nanoTime();
                        String failure;
                        try {
                            SearchPage page = search.search(probe.query());
                            Set<String> found = slugs(page);
                            failure = page.degraded() ? probe.name() + ": answered by PostgreSQL (degraded)"
                                    : !found.equals(expected.get(probe.name()))
                                    ? probe.name() + ": found " + found + ", expected " + expected.get(probe.name())
                                    : null;
                        } catch (RuntimeException e) {
                            failure = probe.name() + ": " + e;
                        }
                        outcomes.add(new Outcome(started, (System.nanoTime() - started) / 1_000_000, failure));
                        ViewerClient.sleep(Duration.ofMillis(20)); // a steady load, not a CPU race on 2 cores
                    }
                }, "viewer-" + t);
                viewer.setDaemon(true);
                viewer.start();
                viewers.add(viewer);
            }
            Duration backToGreen;
            long killedAt;
            try {
                ViewerClient.sleep(Duration.ofSeconds(3));
                killedAt = System.nanoTime();
                cluster.kill(victim);
                // the supervisor notices within half a second and starts the node again; it rejoins and
                // recovers its copies (each wait throws when it takes longer than its limit)
                cluster.awaitRestarted(victim, before.get(victim), Duration.ofSeconds(30));
                assertThat(cluster.pids()).as("all three run again").hasSize(NODES);
                cluster.awaitGreen(NODES, Duration.ofSeconds(180));
                backToGreen = Duration.ofNanos(System.nanoTime() - killedAt);
                ViewerClient.sleep(Duration.ofSeconds(2));
            } finally {
                running.set(false);
                for (Thread viewer : viewers) {
                    viewer.join(15_000);
                }
            }

            List<Outcome> all = List.copyOf(outcomes);
            List<Outcome> duringOutage = all.stream().filter(o -> o.startedNanos() >= killedAt).toList();
            List<String> failures = all.stream().map(Outcome::failure).filter(f -> f != null).toList();
            long slowest = all.stream().mapToLong(Outcome::millis).max().orElse(0);
            System.out.printf("ClusterIT: killed %s; %d searches (%d after the kill), %d failed, slowest %d ms; "
                    + "green again %.1f s after the kill%n", victim, all.size(), duringOutage.size(), failures.size(),
                    slowest, backToGreen.toMillis() / 1e3);
            assertThat(duringOutage.size()).as("searches while the node was down and coming back").isGreaterThan(20);
            assertThat(failures).as("searches that failed or fell back (allowed: %d)", ALLOWED_FAILURES)
                    .hasSizeLessThanOrEqualTo(ALLOWED_FAILURES);

            Map<String, Long> after = cluster.pids();
            assertThat(after).containsOnlyKeys("node-1", "node-2", "node-3");
            assertThat(after.get(victim)).as("the killed node runs again, in a new JVM").isNotEqualTo(before.get(victim));
            before.keySet().stream().filter(node -> !node.equals(victim)).forEach(node -> assertThat(after.get(node))
                    .as("%s, which did not die, was left alone", node).isEqualTo(before.get(node)));
            // what an operator reads when a node does not come back: each node's own log, at INFO
            assertThat(cluster.log(victim).split("\\R")).as("the killed node's log, over both its lives")
                    .filteredOn(line -> line.contains(" INFO started {" + victim + "}")).hasSize(2);
            assertThat(before.keySet().stream().filter(node -> !node.equals(victim)).map(cluster::log))
                    .as("the new master logged the node leaving and joining again")
                    .anySatisfy(log -> assertThat(log).contains("node-left[{" + victim + "}")
                            .contains("node-join[{" + victim + "}"));
            for (Probe probe : probes) {
                SearchPage page = search.search(probe.query());
                assertThat(page.degraded()).isFalse();
                assertThat(slugs(page)).as(probe.name()).isEqualTo(expected.get(probe.name()));
            }
        }
    }

    private static Set<String> slugs(SearchPage page) {
        return page.hits().stream().map(h -> h.talk().slug()).collect(Collectors.toSet());
    }
}
