package org.talkarchive.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.talkarchive.resilience.ClusterNodes;
import org.talkarchive.resilience.FaultHarness;
import org.talkarchive.resilience.ViewerClient;
import org.talkarchive.resilience.ViewerClient.Outcome;

/**
 * bench/cluster.sh: a real {@code serve} (the jar) on an embedded 3-node cluster, every shard with one replica,
 * under a steady search load from this process over HTTP; the elected master is killed with kill -9 and the
 * supervisor starts it again. Prints search latency and failures before, during (kill until green again) and after,
 * and how long the node and the cluster took to come back.
 *
 * <p>Arguments: {@code <jar> <dataDir> <port> [phase seconds]}; the corpus must already be imported into dataDir.
 */
public final class ClusterBenchmark {

    private static final int NODES = 3;
    private static final int THREADS = 2;
    private static final List<String> PATHS = List.of("/api/talks?q=django", "/api/talks?q=async%20views",
            "/api/talks?year=2019", "/api/talks?q=machine%20learning&sort=newest", "/api/talks?q=testing&page=2",
            "/api/talks?tag=python&year_from=2015&year_to=2020");

    private ClusterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        Path dataDir = Path.of(args[1]);
        int port = Integer.parseInt(args[2]);
        Duration phase = Duration.ofSeconds(args.length > 3 ? Long.parseLong(args[3]) : 20);
        ProcessBuilder builder = new ProcessBuilder(FaultHarness.javaExecutable(), "-jar", jar.toString(), "serve")
                .redirectErrorStream(true).redirectOutput(dataDir.resolveSibling("serve.log").toFile());
        builder.environment().remove("ELASTICSEARCH_URL");
        builder.environment().remove("DATABASE_URL");
        builder.environment().putAll(Map.of("TALKS_DATA_DIR", dataDir.toString(), "PORT", Integer.toString(port),
                "HOST", "127.0.0.1", "TALKS_ES_NODES", Integer.toString(NODES), "TALKS_ES_HEAP", "512m",
                "TALKS_INDEX_SHARDS", "3", "TALKS_INDEX_REPLICAS", "1"));
        Process serve = builder.start();
        int status = 0;
        try {
            run(new ViewerClient("http://127.0.0.1:" + port), dataDir, phase);
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        } finally {
            serve.destroy(); // SIGTERM: serve stops its engines
            if (!serve.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)) {
                serve.destroyForcibly();
            }
        }
        System.exit(status);
    }

    private static void run(ViewerClient viewer, Path dataDir, Duration phase) throws Exception {
        long started = System.nanoTime();
        Duration ready = viewer.awaitReady(Duration.ofSeconds(600));
        try (ClusterNodes cluster = new ClusterNodes(dataDir)) {
            cluster.awaitGreen(NODES, Duration.ofSeconds(300));
            System.out.printf(Locale.ROOT, "serve ready in %.1f s (3 nodes started, index built from PostgreSQL), "
                    + "green after %.1f s%n", ready.toMillis() / 1e3, (System.nanoTime() - started) / 1e9);
            System.out.printf(Locale.ROOT, "load: %d threads, %d search URLs round-robin, over HTTP from this "
                    + "process; a failure is a non-200 answer or one from the PostgreSQL fallback%n%n", THREADS,
                    PATHS.size());
            List<Outcome> warmUp = measure(viewer, Duration.ofSeconds(5), () -> { });
            System.out.printf("warm-up: %d searches (not counted)%n", warmUp.size());

            List<Outcome> before = measure(viewer, phase, () -> ViewerClient.sleep(phase));
            String victim = cluster.master();
            long oldPid = cluster.pids().get(victim);
            Duration[] back = new Duration[2];
            String[] notBack = new String[1];
            List<Outcome> during = measure(viewer, Duration.ofSeconds(300), () -> {
                long killed = System.nanoTime();
                cluster.kill(victim);
                try {
                    cluster.awaitRestarted(victim, oldPid, Duration.ofSeconds(60));
                    back[0] = Duration.ofNanos(System.nanoTime() - killed);
                    cluster.awaitGreen(NODES, Duration.ofSeconds(240));
                    back[1] = Duration.ofNanos(System.nanoTime() - killed);
                } catch (IllegalStateException e) { // the figures of what viewers got are still worth printing
                    notBack[0] = e.getMessage();
                    back[1] = Duration.ofNanos(System.nanoTime() - killed);
                }
            });
            List<Outcome> after = measure(viewer, phase, () -> ViewerClient.sleep(phase));

            System.out.println("| phase | searches | p50 ms | p90 ms | p99 ms | max ms | failed |");
            System.out.println("|---|---|---|---|---|---|---|");
            row("before (" + phase.toSeconds() + " s)", before);
            row(String.format(Locale.ROOT, "during (kill -9 of %s, the master, until %s: %.1f s)", victim,
                    notBack[0] == null ? "green" : "given up", back[1].toMillis() / 1e3), during);
            row("after (" + phase.toSeconds() + " s)", after);
            if (notBack[0] != null) {
                System.out.printf("%n%s killed; NOT back: %s%n", victim, notBack[0]);
                throw new IllegalStateException("the cluster did not come back");
            }
            System.out.printf(Locale.ROOT, "%n%s killed; running again (new JVM) after %.1f s; cluster green with "
                    + "%d nodes %.1f s after the kill%n", victim, back[0].toMillis() / 1e3, NODES,
                    back[1].toMillis() / 1e3);
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    /** Runs the load while {@code step} runs (at most {@code limit}); returns what viewers got meanwhile. */
    private static List<Outcome> measure(ViewerClient viewer, Duration limit, Step step) throws Exception {
        ViewerClient.Load load = viewer.load(PATHS, THREADS, limit);
        try {
            step.run();
        } finally {
            load.close();
        }
        return load.outcomes();
    }

    private static void row(String phase, List<Outcome> outcomes) {
        long[] millis = outcomes.stream().mapToLong(Outcome::millis).sorted().toArray();
        long failed = outcomes.stream().filter(o -> o.status() != 200 || o.degraded()).count();
        System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d |%n", phase, millis.length,
                Percentiles.at(millis, 0.50), Percentiles.at(millis, 0.90), Percentiles.at(millis, 0.99),
                millis.length == 0 ? 0 : millis[millis.length - 1], failed);
    }
}
