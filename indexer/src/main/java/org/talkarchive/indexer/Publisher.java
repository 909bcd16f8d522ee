package org.talkarchive.indexer;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publisher's life beside the archive's: the index made ready before serving (built, or rebuilt in the
 * background), the sync that publishes committed changes ({@link IndexSync}) and the worker that computes the
 * vectors talks wait for ({@link VectorWorker}, whose vectors the sync then publishes). Each thread runs until the
 * handle its start returns is closed. How big its batches are is {@link Publishing}.
 */
public final class Publisher {

    private static final Logger log = LoggerFactory.getLogger(Publisher.class);

    /**
     * How often a publisher woken by notifications still looks for changes: it catches what a broken listening
     * connection missed (bench/freshness.sh measured plain 250 ms polling against notifications).
     */
    public static final Duration FALLBACK_POLL = Duration.ofSeconds(1);

    /** How often the vector worker looks for talks waiting for a vector while none waits. */
    public static final Duration VECTOR_POLL = Duration.ofSeconds(1);

    /** How long closing a thread's handle waits for the thread to finish. */
    private static final long STOP_WAIT_MILLIS = 10_000;

    private final SearchIndex index;
    private final Reindexer reindexer;
    private final IndexSync sync;
    private final VectorWorker vectors;
    private final Supplier<ChangeListener> listening;

    /** @param listening opens a listener for notifications of committed changes (one per publisher thread) */
    public Publisher(SearchIndex index, Reindexer reindexer, IndexSync sync, VectorWorker vectors,
                     Supplier<ChangeListener> listening) {
        this.index = index;
        this.reindexer = reindexer;
        this.sync = sync;
        this.vectors = vectors;
        this.listening = listening;
    }

    /** Builds the index if there is none, or if it was built from an older definition. */
    public void ensureIndex(Reindexer.Progress progress) {
        if (!index.isCurrent()) {
            log.info("The search index is missing or outdated; building it from PostgreSQL");
            reindexer.reindex(progress);
        }
    }

    /**
     * Before serving: remove what a killed reindex left behind; with no index at all, build one now (there is
     * nothing to search yet); with one built from an older definition, keep searching it and rebuild in the
     * background, swapping when done.
     */
    public void prepareIndexForServing() {
        reindexer.cleanUpLeftovers();
        if (index.indicesBehindAlias().isEmpty()) {
            ensureIndex(Reindexer.Progress.NONE);
        } else if (!index.isCurrent()) {
            Thread rebuild = new Thread(() -> {
                try {
                    log.info("The search index was built from an older definition; rebuilding it in the background");
                    reindexer.reindex();
                } catch (RuntimeException e) {
                    log.error("Background reindex failed; searches keep using the old index", e);
                }
            }, "reindex");
            rebuild.setDaemon(true);
            rebuild.start();
        }
    }

    /**
     * Publishes in this thread until {@code running} turns false, woken by notifications (see
     * {@link #FALLBACK_POLL}), while another computes the vectors talks wait for.
     */
    public void followChanges(BooleanSupplier running) {
        try (ChangeListener notifications = listening.get();
             AutoCloseable embedding = startVectorWorker()) {
            sync.follow(FALLBACK_POLL, running, notifications);
        } catch (Exception e) {
            throw new IllegalStateException("Stopping the vector worker failed", e);
        }
    }

    /**
     * Computes the vectors talks wait for in a background thread (the publisher then writes them), until the
     * returned handle is closed.
     */
    public AutoCloseable startVectorWorker() {
        AtomicBoolean running = new AtomicBoolean(true);
        Thread thread = new Thread(() -> vectors.follow(VECTOR_POLL, running::get), "vector-worker");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY); // searches and publishing come first
        thread.start();
        return stopping(thread, running);
    }

    /**
     * Runs the sync in a background thread until the returned handle is closed.
     *
     * @param notified wake on PostgreSQL's notification of committed changes (listening on a connection of its
     *                 own, held while it runs), with {@code idlePoll} as the fallback poll; false: poll only
     */
    public AutoCloseable startSync(Duration idlePoll, boolean notified) {
        AtomicBoolean running = new AtomicBoolean(true);
        ChangeListener notifications = notified ? listening.get() : null;
        Thread thread = new Thread(() -> {
            try {
                sync.follow(idlePoll, running::get, notifications == null ? ChangeSignal.POLLING : notifications);
            } finally {
                if (notifications != null) {
                    notifications.close(); // on the thread that used it: the listener is not shared
                }
            }
        }, "index-sync");
        thread.setDaemon(true);
        thread.start();
        return stopping(thread, running);
    }

    private static AutoCloseable stopping(Thread thread, AtomicBoolean running) {
        return () -> {
            running.set(false);
            thread.interrupt();
            thread.join(STOP_WAIT_MILLIS);
        };
    }
}
