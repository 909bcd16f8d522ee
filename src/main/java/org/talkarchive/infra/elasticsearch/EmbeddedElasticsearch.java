package org.talkarchive.infra.elasticsearch;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.apache.commons.io.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Elasticsearch node in a JVM of its own, built from the Maven Central jars that the build copies to
 * {@code target/elasticsearch-node/lib}. HTTP listens on 127.0.0.1 only; data and logs live under {@code home},
 * a directory the user can look into and delete.
 */
public final class EmbeddedElasticsearch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedElasticsearch.class);
    private static final String NETTY_MODULE = "transport-netty4";
    /** The project's own module (folder elasticsearch-analysis/): stemming and folding filters, standard names. */
    static final String ANALYSIS_MODULE = "talk-archive-analysis";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final List<String> command;
    private final Path console;
    private final String url;
    private volatile Process process;

    private EmbeddedElasticsearch(List<String> command, Path console, String url) {
        this.command = command;
        this.console = console;
        this.url = url;
    }

    /**
     * Starts a node and waits until it answers cluster health.
     *
     * @param home         node home: config, data, logs and the transport module are placed here
     * @param distribution folder with {@code lib/} holding the server jars and the transport-netty4 module jars,
     *                     and {@code modules/} holding the modules the build made (the analysis module)
     * @param jvm          the JVM it runs in
     */
    public static EmbeddedElasticsearch start(Path home, Path distribution, NodeJvm jvm) {
        long started = System.nanoTime();
        try {
            EmbeddedElasticsearch node = prepare(home, distribution, jvm, freePort(), freePort(), List.of());
            node.launch();
            log.info("Embedded Elasticsearch ready at {} in {} ms (home {})", node.url,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), home);
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded Elasticsearch node in " + home, e);
        }
    }

    /**
     * Lays out a node's home (modules, launcher) and builds its command, without starting it.
     *
     * @param clusterArgs empty for a single-node cluster; else cluster name, node name, seed transport addresses
     *                    and initial master node names, as {@link NodeMain} takes them
     */
    static EmbeddedElasticsearch prepare(Path home, Path distribution, NodeJvm jvm, int httpPort,
                                         int transportPort, List<String> clusterArgs) throws IOException {
        Path lib = distribution.resolve("lib");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("No Elasticsearch node jars at " + lib
                    + ": build the project first (./mvnw package), or set ELASTICSEARCH_URL");
        }
        Files.createDirectories(home.resolve("config"));
        Files.createDirectories(home.resolve("logs"));
        List<Path> serverJars = prepareModules(lib, home.resolve("modules"));
        copyBuiltModules(distribution.resolve("modules"), home.resolve("modules"));
        Path launcher = writeLauncher(home.resolve("launcher"));
        List<String> command = new ArrayList<>(jvm.command());
        command.addAll(List.of("-cp", classPath(launcher, serverJars),
                NodeMain.class.getName(), home.toString(),
                Integer.toString(httpPort), Integer.toString(transportPort)));
        command.addAll(clusterArgs);
        return new EmbeddedElasticsearch(List.copyOf(command), home.resolve("logs/node-console.log"),
                "http://127.0.0.1:" + httpPort);
    }

    /** Starts the node's JVM and waits until it answers cluster health. */
    private void launch() throws IOException {
        spawn();
        awaitHealthy();
    }

    /** Starts the node's JVM without waiting for it: the nodes of a cluster start side by side. */
    void spawn() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()));
        keepOnlyNeededEnvironment(builder.environment());
        process = builder.start();
    }

    /** False once the node's JVM has gone, whatever the reason (killed, crashed, out of memory). */
    public boolean isAlive() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /**
     * Starts the node again on the same ports and home, after it died: the clients keep their URL, and the node
     * recovers its indices from its data folder. A node still running is stopped first.
     */
    public synchronized void restart() {
        close();
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not restart the embedded Elasticsearch node", e);
        }
    }

    /** The node JVM's process id, for operators and fault tests. */
    public long pid() {
        return process.pid();
    }

    public String url() {
        return url;
    }

    /** What the node's JVM needs from the environment; everything else, secrets included, stays in the app. */
    static final java.util.Set<String> CHILD_ENVIRONMENT = java.util.Set.of("PATH", "HOME", "TMPDIR", "LANG", "LC_ALL", "TZ");

    /**
     * The node inherits nothing else: TALKS_ADMIN_TOKEN, DATABASE_PASSWORD and API keys would otherwise be visible
     * in its /proc/PID/environ and in diagnostics it writes.
     */
    static void keepOnlyNeededEnvironment(java.util.Map<String, String> environment) {
        environment.keySet().retainAll(CHILD_ENVIRONMENT);
    }

    /**
     * Places the transport module (its jars and its descriptor) under {@code modules/} and returns the jars that
     * belong on the server class path. The descriptor loses its {@code modulename=} line: the server runs on the
     * class path, so the plugin must load as a non-modular one.
     */
    static List<Path> prepareModules(Path lib, Path modules) throws IOException {
        Path moduleDir = modules.resolve(NETTY_MODULE);
        Files.createDirectories(moduleDir);
        List<Path> serverJars = new ArrayList<>();
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                String name = jar.getFileName().toString();
                if (belongsToNettyModule(name)) {
                    Files.copy(jar, moduleDir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                    if (name.startsWith(NETTY_MODULE + "-")) {
                        extractDescriptor(jar, moduleDir);
                    }
                } else {
                    serverJars.add(jar);
                }
            }
        }
        if (!Files.exists(moduleDir.resolve("plugin-descriptor.properties"))) {
            throw new IllegalStateException("No " + NETTY_MODULE + " jar in " + lib);
        }
        return serverJars;
    }

    /**
     * Copies the modules the build made (each a folder with its jar and {@code plugin-descriptor.properties}) into
     * the node's {@code modules/}, replacing what an earlier start put there.
     */
    static void copyBuiltModules(Path built, Path modules) throws IOException {
        if (!Files.isRegularFile(built.resolve(ANALYSIS_MODULE).resolve("plugin-descriptor.properties"))) {
            throw new IllegalStateException("No " + ANALYSIS_MODULE + " module in " + built
                    + ": build the project first (./mvnw package), or set ELASTICSEARCH_URL");
        }
        try (Stream<Path> folders = Files.list(built)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                Path target = modules.resolve(folder.getFileName().toString());
                FileUtils.deleteDirectory(target.toFile()); // a module left by an earlier version
                Files.createDirectories(target);
                try (Stream<Path> files = Files.list(folder)) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        Files.copy(file, target.resolve(file.getFileName().toString()));
                    }
                }
            }
        }
    }

    static boolean belongsToNettyModule(String jarName) {
        return jarName.startsWith(NETTY_MODULE + "-") || jarName.startsWith("netty-")
                || jarName.startsWith("elasticsearch-ssl-config-");
    }

    private static void extractDescriptor(Path pluginJar, Path moduleDir) throws IOException {
        String prefix = "META-INF/es-plugins/" + NETTY_MODULE + "/";
        try (ZipFile zip = new ZipFile(pluginJar.toFile())) {
            for (String file : List.of("plugin-descriptor.properties", "entitlement-policy.yaml")) {
                var entry = zip.getEntry(prefix + file);
                if (entry == null) {
                    continue;
                }
                String text = new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
                if (file.equals("plugin-descriptor.properties")) {
                    text = text.lines().filter(line -> !line.startsWith("modulename="))
                            .reduce("", (a, b) -> a + b + "\n");
                }
                Files.writeString(moduleDir.resolve(file), text);
            }
        }
    }

    /** Copies NodeMain's class file out of this application so the node JVM runs it without the app's jars. */
    private static Path writeLauncher(Path dir) throws IOException {
        String resource = NodeMain.class.getName().replace('.', '/') + ".class";
        Path target = dir.resolve(resource);
        Files.createDirectories(target.getParent());
        try (InputStream in = NodeMain.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Class file " + resource + " not found");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return dir;
    }

    private static String classPath(Path launcher, List<Path> serverJars) {
        List<String> entries = new ArrayList<>();
        entries.add(launcher.toString());
        serverJars.forEach(jar -> entries.add(jar.toString()));
        return String.join(java.io.File.pathSeparator, entries);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * Waits until this node answers cluster health with yellow or better: in a cluster, that means it has joined
     * one with an elected master. A node that does not get there is stopped.
     */
    void awaitHealthy() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(url + "/_cluster/health?wait_for_status=yellow&timeout=1s"))
                .timeout(Duration.ofSeconds(5)).build();
        // IOException: not listening yet; a non-200 answer: not yet yellow. A node that exited will not recover.
        RetryPolicy<Integer> untilHealthy = RetryPolicy.<Integer>builder()
                .handle(IOException.class).handleResultIf(status -> status != 200)
                .abortOn(NodeExited.class)
                .withDelay(Duration.ofMillis(200)).withMaxRetries(-1).withMaxDuration(START_TIMEOUT).build();
        int status;
        try {
            status = Failsafe.with(untilHealthy).get(() -> {
                if (!process.isAlive()) {
                    throw new NodeExited(process.exitValue());
                }
                return http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode();
            });
        } catch (NodeExited e) {
            throw new IllegalStateException("The embedded Elasticsearch node exited with code " + e.exitCode
                    + ". Last lines of " + console + ":\n" + tail(console));
        } catch (FailsafeException e) {
            close();
            if (e.getCause() instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Elasticsearch", e);
            }
            status = -1;
        }
        if (status != 200) {
            close();
            throw new IllegalStateException("The embedded Elasticsearch node did not become healthy within "
                    + START_TIMEOUT.toSeconds() + " s. Last lines of " + console + ":\n" + tail(console));
        }
    }

    /** The node process ended while it was awaited. */
    private static final class NodeExited extends RuntimeException {
        final int exitCode;

        NodeExited(int exitCode) {
            super("exited with code " + exitCode, null, false, false);
            this.exitCode = exitCode;
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Closes the node's standard input, which makes it shut down; kills it if it has not gone in 30 s. */
    @Override
    public synchronized void close() {
        Process process = this.process;
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                log.warn("Embedded Elasticsearch did not stop in 30 s; killing it");
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
