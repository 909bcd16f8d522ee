package org.talkarchive.infra.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (binaries from Maven Central) whose data directory is kept between runs, so a second
 * start of the archive finds its talks again. Delete the directory to start afresh.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final Path dataDirectory;
    private volatile int port; // chosen free at the first start, kept for restarts
    private volatile EmbeddedPostgres postgres;
    private volatile long postmasterPid;

    private EmbeddedPostgresServer(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    /**
     * Starts the server on a free port. The caller must own the data directory (see {@code DataDirectoryOwner}):
     * a postgres found running on it then can only be one a killed run left behind, and is stopped.
     */
    public static EmbeddedPostgresServer start(Path dataDirectory) {
        try {
            Files.createDirectories(dataDirectory);
            stopOrphan(dataDirectory);
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(dataDirectory);
            server.launch(0);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    /**
     * PostgreSQL's own durability defaults: the embedding library turns fsync and synchronous commit off for speed,
     * which a power cut would turn into lost talks. Only the test suite's throwaway server runs without them.
     */
    private void launch(int onPort) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                // The library's own hook would stop the server at JVM exit while the archive still uses it (the
                // change listener and publisher then fail loudly); whoever started it stops it, after those.
                .setRegisterShutdownHook(false)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on");
        if (onPort > 0) {
            builder.setPort(onPort);
        }
        postgres = builder.start();
        port = postgres.getPort();
        postmasterPid = readPostmasterPid(dataDirectory).orElse(-1L);
    }

    /** False once the postmaster has gone (killed, crashed). */
    public boolean isAlive() {
        return postmasterPid > 0 && ProcessHandle.of(postmasterPid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** The postmaster's process id, for operators and fault tests. */
    public long pid() {
        return postmasterPid;
    }

    /**
     * Starts the server again on the same port after it died, so the connection pools reconnect by themselves.
     * PostgreSQL replays its write-ahead log on start: every committed transaction is there.
     */
    public synchronized void restart() {
        closeQuietly();
        try {
            stopOrphan(dataDirectory); // a postmaster whose children outlived it still holds the directory
            launch(port);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not restart embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    private static Optional<Long> readPostmasterPid(Path dataDirectory) {
        try {
            return Optional.of(Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * A server left running by a run of the archive that was killed (SIGKILL gives it no chance to stop its
     * children) still holds the data directory, and a new server would wait for it in vain. Only a live postgres
     * process whose command line names this very directory is stopped, so a recycled pid is never touched.
     */
    static void stopOrphan(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        Optional<Long> pidInFile = readPostmasterPid(dataDirectory);
        if (pidInFile.isEmpty()) {
            return; // unreadable: PostgreSQL itself judges a stale lock file
        }
        long pid = pidInFile.get();
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        String dir = dataDirectory.toAbsolutePath().toString();
        boolean ours = process.flatMap(p -> p.info().commandLine())
                .map(cmd -> cmd.contains("postgres") && cmd.contains(dir)).orElse(false);
        if (!ours) {
            return;
        }
        log.warn("Stopping PostgreSQL (pid {}) left running on {} by an earlier run", pid, dir);
        process.get().destroy(); // SIGTERM: PostgreSQL's orderly shutdown
        try {
            process.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            process.get().destroyForcibly();
        }
    }

    /** JDBC URL of the server's default database. */
    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public String user() {
        return "postgres";
    }

    private void closeQuietly() {
        try {
            postgres.close(); // after a kill its "pg_ctl stop" fails and is logged; the lock is released all the same
        } catch (IOException e) {
            log.warn("Stopping PostgreSQL failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
