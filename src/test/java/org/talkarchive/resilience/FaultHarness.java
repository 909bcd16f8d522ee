package org.talkarchive.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.talkarchive.Archive;
import org.talkarchive.config.ArchiveConfig;
import org.talkarchive.config.SiteConfig;
import org.talkarchive.indexer.ConsistencyCheck;
import org.talkarchive.resilience.ViewerClient.Outcome;
import org.talkarchive.testing.ShortLivedJvms;

/**
 * A serving archive as {@code serve} runs it (embedded PostgreSQL and Elasticsearch of its own, supervised, with
 * background publishing, on 127.0.0.1), plus the means to hurt it: kill -9 of either engine, command-line runs of
 * the real jar beside it, and a bounded request load that records what viewers got. Used by the fault-injection
 * tests and by the resilience benchmark.
 */
public final class FaultHarness implements AutoCloseable {

    public static final String ADMIN_TOKEN = "fault-harness-token-0123456789abcdefghijklmnop";

    private final Path dataDir;
    private final ArchiveConfig config;
    private final Archive archive;
    private final AutoCloseable sync;
    private final Javalin app;
    private final ViewerClient viewer;
    private final AutoCloseable engineWatch;

    private FaultHarness(Path dataDir, ArchiveConfig config, Archive archive, AutoCloseable sync,
                         AutoCloseable engineWatch, Javalin app) {
        this.dataDir = dataDir;
        this.config = config;
        this.archive = archive;
        this.sync = sync;
        this.engineWatch = engineWatch;
        this.app = app;
        this.viewer = new ViewerClient("http://127.0.0.1:" + app.port());
    }

    /** Starts the archive on {@code dataDir}, imports {@code corpus}, publishes it, and serves. */
    public static FaultHarness start(Path dataDir, Path corpus) {
        return start(dataDir, corpus, Map.of());
    }

    /** The same, with more settings, e.g. {@code TALKS_ES_NODES=3} for an embedded cluster. */
    public static FaultHarness start(Path dataDir, Path corpus, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>();
        env.put("TALKS_DATA_DIR", dataDir.toString());
        env.put("TALKS_ES_HEAP", "512m");
        env.put("TALKS_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("TALKS_ES_JAVA_OPTS", ShortLivedJvms.asEnvironmentValue());
        env.putAll(settings);
        ArchiveConfig config = ArchiveConfig.fromEnvironment(env);
        Archive archive = Archive.start(config);
        try {
            archive.importer().importCorpus(corpus, org.talkarchive.importer.ImportProgress.NONE);
            archive.prepareIndexForServing();
            archive.sync().syncAll();
            archive.index().refresh();
            AutoCloseable sync = archive.startBackgroundSync(Duration.ofMillis(250));
            archive.warmUpEngine(); // as serve does
            AutoCloseable engineWatch = archive.startEngineWatch();
            Javalin app = archive.web(config.adminToken(), SiteConfig.local(7070)).start("127.0.0.1", 0);
            return new FaultHarness(dataDir, config, archive, sync, engineWatch, app);
        } catch (RuntimeException e) {
            archive.close();
            throw e;
        }
    }

    public Archive archive() {
        return archive;
    }

    public String base() {
        return "http://127.0.0.1:" + app.port();
    }

    // ---- faults

    /** kill -9 of the embedded Elasticsearch node (a child JVM of this one running NodeMain). */
    public void killElasticsearch() {
        ProcessHandle node = ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().map(c -> c.contains("NodeMain")
                        && c.contains(dataDir.toString())).orElse(false))
                .findFirst().orElseThrow(() -> new IllegalStateException("no embedded Elasticsearch node found"));
        kill9(node);
    }

    /** kill -9 of the embedded PostgreSQL's postmaster. */
    public void killPostgres() {
        long pid = postmasterPid();
        kill9(ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("postmaster " + pid + " not alive")));
    }

    public boolean elasticsearchAnswers() {
        return elasticsearchAnswers(dataDir);
    }

    public boolean postgresAnswers() {
        return postgresAnswers(dataDir);
    }

    /** True when the owner's Elasticsearch answers cluster health (not merely when its process exists). */
    public static boolean elasticsearchAnswers(Path dataDir) {
        try {
            Map<?, ?> engines = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readValue(dataDir.resolve("engines.json").toFile(), Map.class);
            java.net.http.HttpResponse<Void> health = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(engines.get("elasticsearchUrl")
                            + "/_cluster/health")).timeout(Duration.ofSeconds(1)).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            return health.statusCode() == 200;
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** True when the owner's PostgreSQL accepts a connection. */
    public static boolean postgresAnswers(Path dataDir) {
        try (Connection c = connect(dataDir)) {
            return c.isValid(1);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** Where the serving Elasticsearch listens, as other processes find it (engines.json). */
    public String elasticsearchUrl() {
        try {
            return (String) new com.fasterxml.jackson.databind.ObjectMapper()
                    .readValue(dataDir.resolve("engines.json").toFile(), Map.class).get("elasticsearchUrl");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The jar the command-line tests run. */
    public static Path jar() {
        return JAR;
    }

    public long postmasterPid() {
        try {
            return Long.parseLong(Files.readAllLines(dataDir.resolve("postgres/postmaster.pid")).get(0).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void kill9(ProcessHandle process) {
        process.destroyForcibly(); // SIGKILL
        process.onExit().orTimeout(30, TimeUnit.SECONDS).join();
    }

    // ---- the command line, beside the running archive

    private static final Path JAR = Path.of("target/talk-archive.jar").toAbsolutePath();

    /** Runs {@code java -jar target/talk-archive.jar args…} on the same data directory; returns it running. */
    public Process startCli(String... args) {
        return startCli(JAR, dataDir, null, args);
    }

    public CliResult runCli(Duration limit, String... args) {
        return runCli(JAR, dataDir, limit, args);
    }

    /**
     * Starts the archive's command line from {@code jar} on {@code dataDir}; its output goes to {@code output}, or
     * to the returned process's input stream when null.
     */
    public static Process startCli(Path jar, Path dataDir, Path output, String... args) {
        return startCli(jar, dataDir, Map.of(), output, args);
    }

    /** The same, with more environment variables (ELASTICSEARCH_URL, PORT, ...). */
    public static Process startCli(Path jar, Path dataDir, Map<String, String> env, Path output, String... args) {
        List<String> command = new ArrayList<>(List.of(javaExecutable()));
        command.addAll(ShortLivedJvms.options());
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (output != null) {
            builder.redirectOutput(output.toFile());
        }
        builder.environment().put("TALKS_DATA_DIR", dataDir.toString());
        builder.environment().put("TALKS_ES_JAVA_OPTS", ShortLivedJvms.asEnvironmentValue());
        builder.environment().remove("DATABASE_URL");
        builder.environment().remove("ELASTICSEARCH_URL");
        builder.environment().putAll(env);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs a command to its end, at most {@code limit}; returns exit code and output. The output goes through a
     * file, so a talkative command can neither block on a full pipe nor outlive the limit.
     */
    public static CliResult runCli(Path jar, Path dataDir, Duration limit, String... args) {
        return runCli(jar, dataDir, Map.of(), limit, args);
    }

    /** The same, with more environment variables. */
    public CliResult runCli(Map<String, String> env, Duration limit, String... args) {
        return runCli(JAR, dataDir, env, limit, args);
    }

    public static CliResult runCli(Path jar, Path dataDir, Map<String, String> env, Duration limit,
                                   String... args) {
        try {
            Path output = Files.createTempFile("talk-archive-cli", ".log");
            try {
                Process process = startCli(jar, dataDir, env, output, args);
                if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("'" + String.join(" ", args) + "' did not end within " + limit);
                }
                return new CliResult(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public record CliResult(int exitCode, String output) {
    }

    public static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    // ---- what viewers get

    public ViewerClient viewer() {
        return viewer;
    }

    public Outcome get(String path) {
        return viewer.get(path);
    }

    public HttpResponse<String> post(String path) {
        return viewer.post(path, ADMIN_TOKEN);
    }

    public ViewerClient.Load load(List<String> paths, int threads, Duration limit) {
        return viewer.load(paths, threads, limit);
    }

    public Duration awaitReady(Duration limit) {
        return viewer.awaitReady(limit);
    }

    public static void sleep(Duration duration) {
        ViewerClient.sleep(duration);
    }

    /** Publishes what waits, then requires PostgreSQL and the index to agree (the end of every fault test). */
    public void assertNoDrift() {
        archive.sync().syncAll();
        ConsistencyCheck.Report report = archive.consistency().check(500);
        assertThat(report.consistent()).as(report.summary()).isTrue();
    }

    // ---- the database, as an operator's psql would see it

    public void execute(String sql) {
        execute(dataDir, sql);
    }

    public static void execute(Path dataDir, String sql) {
        try (Connection c = connect(dataDir); var statement = c.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** A plain connection to the serving PostgreSQL, found as any other process finds it: engines.json. */
    public Connection connect() throws SQLException {
        return connect(dataDir);
    }

    /** A connection to the PostgreSQL that the owner of {@code dataDir} runs. */
    public static Connection connect(Path dataDir) throws SQLException {
        try {
            Map<?, ?> engines = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readValue(dataDir.resolve("engines.json").toFile(), Map.class);
            org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
            ds.setUrl((String) engines.get("jdbcUrl"));
            ds.setUser((String) engines.get("user"));
            ds.setConnectTimeout(2);
            return ds.getConnection();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long count(String sql) {
        return count(dataDir, sql);
    }

    public static long count(Path dataDir, String sql) {
        try (Connection c = connect(dataDir);
             PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public Path dataDir() {
        return dataDir;
    }

    public ArchiveConfig config() {
        return config;
    }

    /**
     * The leftovers cleanup a serve runs (every {@link Archive#LEFTOVERS_CLEANUP}; here every {@code every}), until the
     * handle is closed: not started with the harness, so that a test can see leftovers before they go.
     */
    public AutoCloseable startLeftoversCleanup(Duration every) {
        return archive.startLeftoversCleanup(every);
    }

    @Override
    public void close() throws Exception {
        app.stop();
        engineWatch.close();
        sync.close();
        archive.close();
    }
}
