package org.talkarchive.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.talkarchive.resilience.FaultHarness;
import org.talkarchive.resilience.ViewerClient;
import org.talkarchive.resilience.ViewerClient.Outcome;

/**
 * Faults injected into a real {@code serve} process (the jar, its own embedded engines) under a steady viewer
 * load from this process, one after another: what viewers got during each fault, how long until /ready, and
 * whether PostgreSQL and the index agree afterwards (the {@code check} command, run beside the serve).
 *
 * <p>Arguments: {@code <jar> <dataDir> <corpusDir> <port>}; the corpus must already be imported into dataDir.
 */
public final class ResilienceBenchmark {

    private static final String TOKEN = "resilience-benchmark-0123456789abcdefghijklmnop";
    private static final List<String> PATHS = List.of("/api/talks?q=django", "/?q=testing", "/api/talks?year=2019",
            "/api/talks?q=async%20views&sort=newest", "/api/suggest?q=pyth", "/api/talks?q=machine%20learning",
            "/?tag=python&year_from=2015&year_to=2020", "/api/talks?q=keynote&page=2");

    private record Row(String fault, List<Outcome> outcomes, Duration engineBack, Duration ready, long flaps,
                       Duration published, String check) {
    }

    private final Path jar;
    private final Path dataDir;
    private final Path corpus;
    private final ViewerClient viewer;
    private Process serve;

    private ResilienceBenchmark(Path jar, Path dataDir, Path corpus, int port) {
        this.jar = jar;
        this.dataDir = dataDir;
        this.corpus = corpus;
        this.viewer = new ViewerClient("http://127.0.0.1:" + port);
    }

    public static void main(String[] args) throws Exception {
        ResilienceBenchmark bench = new ResilienceBenchmark(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]),
                Integer.parseInt(args[3]));
        int status = 0;
        try {
            bench.run(Integer.parseInt(args[3]));
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        } finally {
            bench.stopServe();
        }
        System.exit(status);
    }

    private void run(int port) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(FaultHarness.javaExecutable(), "-jar", jar.toString(), "serve")
                .redirectErrorStream(true).redirectOutput(dataDir.resolveSibling("serve.log").toFile());
        builder.environment().putAll(Map.of("TALKS_DATA_DIR", dataDir.toString(), "PORT", Integer.toString(port),
                "HOST", "127.0.0.1", "TALKS_ADMIN_TOKEN", TOKEN));
        long started = System.nanoTime();
        serve = builder.start();
        Duration ready = viewer.awaitReady(Duration.ofSeconds(300));
        System.out.printf(Locale.ROOT, "serve ready in %.1f s (index built from PostgreSQL)%n",
                ready.toMillis() / 1000.0);
        System.out.printf(Locale.ROOT, "load: 2 threads, %d viewer URLs round-robin, from this process%n%n",
                PATHS.size());

        List<Row> rows = new ArrayList<>();
        rows.add(measure("baseline (no fault, 10 s)", () -> {
            FaultHarness.sleep(Duration.ofSeconds(10));
            return null;
        }));
        rows.add(measure("import + check beside serve", () -> {
            cli(Duration.ofSeconds(600), "import", corpus.toString());
            cli(Duration.ofSeconds(300), "check");
            return null;
        }));
        rows.add(measure("kill -9 Elasticsearch node, 2,000 titles changed while it is away", () -> {
            ProcessHandle node = node();
            long killed = System.nanoTime();
            node.destroyForcibly();
            node.onExit().get(30, TimeUnit.SECONDS);
            FaultHarness.execute(dataDir, BACKLOG);
            // back means answering HTTP, not merely a new process that is still starting
            return waitFor(() -> newNode(node.pid()) && FaultHarness.elasticsearchAnswers(dataDir) ? System.nanoTime() : 0, killed);
        }));
        rows.add(measure("SIGSTOP PostgreSQL for 5 s", () -> {
            ProcessHandle postmaster = ProcessHandle.of(postmaster()).orElseThrow();
            freeze(Stream.concat(Stream.of(postmaster), postmaster.descendants()).toList());
            return null;
        }));
        rows.add(measure("SIGSTOP Elasticsearch node for 5 s", () -> {
            freeze(List.of(node()));
            return null;
        }));
        rows.add(measure("kill -9 PostgreSQL", () -> {
            long pid = postmaster();
            ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
            long killed = System.nanoTime();
            process.destroyForcibly();
            process.onExit().get(30, TimeUnit.SECONDS);
            return waitFor(() -> {
                long now = postmasterOrZero();
                return now != 0 && now != pid && FaultHarness.postgresAnswers(dataDir) ? System.nanoTime() : 0;
            }, killed);
        }));
        rows.add(measure("kill -9 reindex mid-build, then reindex", () -> {
            Process reindex = FaultHarness.startCli(jar, dataDir, null, "reindex");
            while (reindex.isAlive() && FaultHarness.count(dataDir, "SELECT count(*) FROM search_index_build") == 0) {
                Thread.sleep(20);
            }
            reindex.destroyForcibly().waitFor();
            System.out.println("  check after the kill: " + cli(Duration.ofSeconds(300), "check").lines()
                    .filter(l -> l.contains("->")).findFirst().orElse("?"));
            cli(Duration.ofSeconds(600), "reindex");
            return null;
        }));
        rows.add(measure("TRUNCATE talk_tag (full rebuild)", () -> {
            FaultHarness.execute(dataDir, "TRUNCATE talk_tag");
            while (FaultHarness.count(dataDir, "SELECT count(*) FROM search_reindex_request") > 0) {
                Thread.sleep(200);
            }
            return null;
        }));
        rows.add(measure("a second serve on the same data directory", () -> {
            ProcessBuilder second = new ProcessBuilder(FaultHarness.javaExecutable(), "-jar", jar.toString(), "serve")
                    .redirectErrorStream(true).redirectOutput(dataDir.resolveSibling("serve-2.log").toFile());
            second.environment().putAll(Map.of("TALKS_DATA_DIR", dataDir.toString(), "PORT", "0",
                    "HOST", "127.0.0.1", "TALKS_ADMIN_TOKEN", TOKEN));
            long launched = System.nanoTime();
            Process process = second.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                System.out.println("  the second serve still ran after 120 s");
            } else {
                System.out.printf(Locale.ROOT, "  the second serve exited %d after %.1f s: %s%n", process.exitValue(),
                        (System.nanoTime() - launched) / 1e9, Files.readAllLines(dataDir.resolveSibling("serve-2.log"))
                                .stream().filter(l -> l.contains("another process")).findFirst().orElse("?"));
            }
            return null;
        }));
        print(rows);
    }

    /** Changes made while Elasticsearch is away: a backlog the publisher works through once it is back. */
    private static final String BACKLOG = """
            UPDATE talk SET title = title || ' ' WHERE id IN (SELECT id FROM talk ORDER BY id LIMIT 2000)
            """;

    /** SIGSTOP, then SIGCONT 5 s later: processes that keep their sockets open and answer nothing. */
    private static void freeze(List<ProcessHandle> processes) throws Exception {
        signal("STOP", processes);
        try {
            FaultHarness.sleep(Duration.ofSeconds(5));
        } finally {
            signal("CONT", processes);
        }
    }

    private static void signal(String signal, List<ProcessHandle> processes) throws Exception {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        processes.forEach(p -> command.add(Long.toString(p.pid())));
        new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    private interface Fault {
        /** Injects the fault; returns System.nanoTime() when the engine was back, or null where none died. */
        Long inject() throws Exception;
    }

    private Row measure(String name, Fault fault) throws Exception {
        System.out.println("== " + name);
        try (ViewerClient.Load load = viewer.load(PATHS, 2, Duration.ofSeconds(900))) {
            FaultHarness.sleep(Duration.ofSeconds(2));
            load.reset();
            long injected = System.nanoTime();
            Long back = fault.inject();
            Duration ready = viewer.awaitReady(Duration.ofSeconds(300));
            List<Outcome> outcomes;
            long readyAt = System.nanoTime();
            Duration engineBack = back == null ? null : Duration.ofNanos(back - injected);
            Duration untilReady = back == null ? ready : Duration.ofNanos(readyAt - back);
            // Once UP, it must stay UP: /ready answers for 10 s after its first UP, each other answer (DEGRADED,
            // or DOWN with 503) a flap.
            long flaps = 0;
            for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); System.nanoTime() < until; ) {
                Outcome answer = viewer.get("/ready");
                flaps += answer.status() == 200 && "UP".equals(answer.health()) ? 0 : 1;
                FaultHarness.sleep(Duration.ofMillis(200));
            }
            // publishing catches up, then the check runs beside the serve
            while (FaultHarness.count(dataDir, "SELECT count(*) FROM search_change") > 0) {
                Thread.sleep(200);
            }
            Duration published = Duration.ofNanos(System.nanoTime() - injected);
            outcomes = load.outcomes();
            String check = cli(Duration.ofSeconds(300), "check").lines().filter(l -> l.contains("->"))
                    .findFirst().orElse("check printed no summary");
            return new Row(name, outcomes, engineBack, untilReady, flaps, published, check);
        }
    }

    private static long waitFor(LongSupplier condition, long since) throws InterruptedException {
        long deadline = since + TimeUnit.SECONDS.toNanos(300);
        while (System.nanoTime() < deadline) {
            long at = condition.getAsLong();
            if (at != 0) {
                return at;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the engine did not come back within 300 s");
    }

    private static void print(List<Row> rows) {
        System.out.println();
        System.out.println("| fault | requests | status counts | degraded 200s | catching-up 200s | longest"
                + " | engine back after | UP after engine back | /ready not UP in 10 s after | all published after"
                + " | check afterwards |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (Row row : rows) {
            Map<Integer, Long> statuses = row.outcomes().stream()
                    .collect(Collectors.groupingBy(Outcome::status, TreeMap::new, Collectors.counting()));
            long degraded = row.outcomes().stream().filter(o -> o.status() == 200 && o.degraded()).count();
            long catchingUp = row.outcomes().stream().filter(o -> o.status() == 200 && o.catchingUp()).count();
            long longest = row.outcomes().stream().mapToLong(Outcome::millis).max().orElse(0);
            String drift = row.check().contains("-> consistent") ? "0 drift (consistent)" : row.check();
            System.out.printf(Locale.ROOT, "| %s | %d | %s | %d | %d | %d ms | %s | %s | %d | %s | %s |%n", row.fault(),
                    row.outcomes().size(), statuses.entrySet().stream()
                            .map(e -> (e.getKey() == 0 ? "no answer" : e.getKey()) + ": " + e.getValue())
                            .collect(Collectors.joining(", ")),
                    degraded, catchingUp, longest, seconds(row.engineBack()), seconds(row.ready()), row.flaps(),
                    seconds(row.published()), drift);
        }
    }

    private static String seconds(Duration d) {
        return d == null ? "–" : String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private ProcessHandle node() {
        return serve.descendants().filter(p -> p.info().commandLine().map(c -> c.contains("NodeMain")).orElse(false))
                .findFirst().orElseThrow(() -> new IllegalStateException("no Elasticsearch node under serve"));
    }

    private boolean newNode(long killedPid) {
        try {
            return node().pid() != killedPid;
        } catch (IllegalStateException e) {
            return false; // none yet
        }
    }

    private long postmaster() throws IOException {
        return Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(0).trim());
    }

    private long postmasterOrZero() {
        try {
            return postmaster();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private String cli(Duration limit, String... args) {
        return FaultHarness.runCli(jar, dataDir, limit, args).output();
    }

    private void stopServe() {
        if (serve != null && serve.isAlive()) {
            serve.destroy(); // SIGTERM: serve stops its engines
            try {
                if (!serve.waitFor(60, TimeUnit.SECONDS)) {
                    serve.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
