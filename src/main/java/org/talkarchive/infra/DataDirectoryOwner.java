package org.talkarchive.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;

/**
 * Which process of the archive runs the embedded engines of a data directory.
 *
 * <p>The first process to start on a directory takes an exclusive lock on {@code engines.lock}, starts the engines,
 * and writes where they listen to {@code engines.json}. Any other process on the same directory, such as an
 * {@code import} or {@code check} beside a running {@code serve}, finds the lock taken and uses those engines
 * instead of starting (or stopping) its own. The operating system releases the lock when its holder dies, even by
 * SIGKILL, so a lock that can be taken proves that no live process owns the engines, and only then may a server
 * left behind by a killed run be stopped.
 */
public final class DataDirectoryOwner implements AutoCloseable {

    static final String LOCK_FILE = "engines.lock";
    static final String ENGINES_FILE = "engines.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the owner's engines listen; what another process needs to use them. */
    public record RunningEngines(long pid, String jdbcUrl, String user, String elasticsearchUrl) {
    }

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryOwner(Path directory, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes ownership of the directory, or answers empty when another process (or this one) owns it. */
    public static Optional<DataDirectoryOwner> tryTake(Path directory) {
        try {
            Files.createDirectories(directory);
            FileChannel channel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // this very JVM owns it already
            }
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            Files.deleteIfExists(directory.resolve(ENGINES_FILE)); // left by an owner that was killed
            return Optional.of(new DataDirectoryOwner(directory, channel, lock));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not lock " + directory.resolve(LOCK_FILE), e);
        }
    }

    /** Tells other processes where the engines listen (written whole, then renamed into place). */
    public void publish(RunningEngines engines) {
        try {
            Path temporary = directory.resolve(ENGINES_FILE + ".tmp");
            JSON.writeValue(temporary.toFile(), engines);
            Files.move(temporary, directory.resolve(ENGINES_FILE), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + directory.resolve(ENGINES_FILE), e);
        }
    }

    /**
     * The engines another process runs on this directory, waiting while that process is still starting them.
     *
     * @throws IllegalStateException when none are published within {@code patience}
     */
    public static RunningEngines awaitOwnersEngines(Path directory, Duration patience) {
        Path file = directory.resolve(ENGINES_FILE);
        // IOException: the file is being replaced right now, so read again; null: not published yet
        RetryPolicy<RunningEngines> untilPublished = RetryPolicy.<RunningEngines>builder()
                .handle(IOException.class).handleResult(null)
                .withDelay(Duration.ofMillis(200)).withMaxRetries(-1).withMaxDuration(patience).build();
        RunningEngines engines;
        try {
            engines = Failsafe.with(untilPublished).get(() ->
                    Files.isRegularFile(file) ? JSON.readValue(file.toFile(), RunningEngines.class) : null);
        } catch (FailsafeException e) {
            if (e.getCause() instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + file, e);
            }
            engines = null; // the last read failed as the patience ran out: as unpublished
        }
        if (engines == null) {
            throw new IllegalStateException("Another process of the archive holds " + directory.resolve(LOCK_FILE)
                    + " but has not published its engines in " + file + " within " + patience.toSeconds()
                    + " s. Stop it, or set TALKS_DATA_DIR to another folder.");
        }
        return engines;
    }

    /** The pid of the process that owns the directory, as it published it; empty while it has published nothing. */
    public static Optional<Long> ownerPid(Path directory) {
        try {
            return Optional.of(JSON.readValue(directory.resolve(ENGINES_FILE).toFile(), RunningEngines.class).pid());
        } catch (IOException e) {
            return Optional.empty(); // not written yet, or being replaced
        }
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(directory.resolve(ENGINES_FILE));
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
