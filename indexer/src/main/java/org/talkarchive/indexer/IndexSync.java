package org.talkarchive.indexer;

import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes what the triggers recorded in {@code search_change} to the index, a batch per transaction:
 *
 * <ol>
 *   <li>claim the oldest change rows ({@code FOR UPDATE SKIP LOCKED}, so concurrent syncs take different rows);
 *   <li>lock each claimed talk ({@code pg_try_advisory_xact_lock(id)}); a talk another sync holds is left for
 *       later, so one talk is never published by two syncs at once and the later load always lands last;
 *   <li>load those talks as they are now, and index them, or delete the ones that are gone;
 *   <li>only when Elasticsearch has taken every operation, delete the claimed rows and commit.
 * </ol>
 *
 * Killed at any point before the commit, the rows are still there and the next run publishes the same talks again
 * (indexing is idempotent): nothing is lost and nothing stale wins. While a reindex is building a new index, each
 * published talk is also noted in {@code search_index_build_pending} so the reindex can replay it.
 *
 * <p>Catching up with a backlog (a bulk change), the follower runs {@link Publishing#catchUpPublishers()} such
 * batches at once, each in its own transaction: the claim and the talk locks above already keep concurrent
 * publishers apart, and meanwhile one batch loads from PostgreSQL while another waits on Elasticsearch, whose write
 * threads index both. Full batches do not refresh the index; once the backlog is published, one refresh makes it
 * searchable.
 */
public final class IndexSync {

    private static final Logger log = LoggerFactory.getLogger(IndexSync.class);

    // Talks that are other recordings of the changed ones (talk_other_recordings): their recorded_more_than_once
    // may have just become true, so they are published with them. (It may stay true when a recording goes away: the
    // count is still right.)
    private static final String OTHER_RECORDINGS = """
            SELECT DISTINCT r.id
              FROM unnest(:talks::bigint[]) AS t(id) CROSS JOIN LATERAL talk_other_recordings(t.id) AS r(id)
            """;
    private static final String LOCK_TALKS = """
            SELECT talk_id FROM unnest(:talks::bigint[]) AS talk_id WHERE pg_try_advisory_xact_lock(talk_id)
            """;
    private static final String HAS_BUILDS = """
            SELECT EXISTS (SELECT 1 FROM search_index_build)
            """;
    private static final String NOTE_PENDING = """
            INSERT INTO search_index_build_pending (index_name, talk_id)
            SELECT b.index_name, t.talk_id FROM search_index_build b CROSS JOIN unnest(:talks::bigint[]) AS t(talk_id)
            ON CONFLICT DO NOTHING
            """;

    // After a failure the follower waits at most this long before trying again, so publishing resumes within
    // seconds of an engine coming back.
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    /** How publishing went lately: for /ready and operators. Null instants mean "never". */
    public record Status(Instant lastSuccess, Instant lastFailure, String lastError) {
    }

    private final Jdbi jdbi;
    private final SearchIndex index;
    private final TalkDocuments documents;
    private final Reindexer reindexer;
    private final Publishing publishing;
    private final AtomicReference<Status> status = new AtomicReference<>(new Status(null, null, null));
    private final AtomicLong failedOperations = new AtomicLong();
    // Set by a batch that published without refreshing (a full one, while catching up): a refresh is owed.
    private final AtomicBoolean refreshOwed = new AtomicBoolean();

    /** @param jdbi PostgreSQL for publishing (no statement timeout) */
    public IndexSync(Jdbi jdbi, SearchIndex index, TalkDocuments documents, Reindexer reindexer,
                     Publishing publishing) {
        this.jdbi = jdbi;
        this.index = index;
        this.documents = documents;
        this.reindexer = reindexer;
        this.publishing = publishing;
    }

    public Status status() {
        return status.get();
    }

    /** Index and delete operations Elasticsearch refused while publishing, since start (for the metrics). */
    public long failedOperations() {
        return failedOperations.get();
    }

    /** Publishes one batch; returns how many change rows it consumed (0: nothing it could take). */
    public int syncOnce() {
        return syncBatch().size();
    }

    /** Publishes one batch; returns the ids of the change rows it consumed. */
    private List<Long> syncBatch() {
        try {
            return jdbi.inTransaction(this::syncBatch); // rolled back on any failure: the rows stay claimed by no one
        } catch (BulkWriter.BulkFailedException e) {
            failedOperations.addAndGet(e.failures());
            throw e;
        } catch (JdbiException e) {
            throw new IllegalStateException("Sync failed: " + e.getMessage(), e);
        }
    }

    /**
     * What publishing given change rows came to: {@code published} of them are in the index now,
     * {@code byThisCall} published here and the rest by other publishers (a running serve's follower, a reindex).
     */
    public record Publication(long changes, long published, long byThisCall) {
        public long byOthers() {
            return published - byThisCall;
        }
    }

    /** Hears how many of the given change rows are published so far, whoever published them. */
    public interface PublicationProgress {
        PublicationProgress NONE = (published, changes) -> {
        };

        void published(long published, long changes);
    }

    /**
     * Publishes until none of the given change rows is pending any more, whoever publishes them: batches here, a
     * background publisher of another process beside us, or a reindex. A batch another publisher holds is waited
     * for, not counted twice.
     *
     * @param changeIds the change rows to see published (e.g. those an import recorded)
     */
    public Publication publish(Collection<Long> changeIds, PublicationProgress progress) {
        Set<Long> ours = new HashSet<>(changeIds);
        rebuildIfRequested();
        long byThisCall = 0;
        long pending = pending(ours);
        progress.published(ours.size() - pending, ours.size());
        while (pending > 0) {
            List<Long> consumed = syncBatch();
            byThisCall += consumed.stream().filter(ours::contains).count();
            pending = pending(ours);
            progress.published(ours.size() - pending, ours.size());
            if (consumed.isEmpty() && pending > 0) {
                Pause.sleep(Duration.ofMillis(100)); // another publisher holds them; its commit frees them
            }
        }
        refreshIfOwed();
        return new Publication(ours.size(), ours.size(), byThisCall);
    }

    private long pending(Set<Long> changeIds) {
        if (changeIds.isEmpty()) {
            return 0;
        }
        return jdbi.withHandle(h -> SearchChanges.countAmong(h, changeIds));
    }

    /** Publishes until no batch finds anything to take; returns the change rows consumed. */
    public long syncAll() {
        rebuildIfRequested();
        long total = 0;
        int consumed;
        while ((consumed = syncOnce()) > 0) {
            total += consumed;
        }
        refreshIfOwed();
        return total;
    }

    /**
     * A TRUNCATE names no rows, so it asks for a full rebuild instead (a statement trigger files the request); the
     * rebuild retires the requests it covers. A reindex already running is left to finish; the request stays.
     */
    private void rebuildIfRequested() {
        if (reindexer.rebuildRequested()) {
            log.info("A full rebuild of the index was requested (TRUNCATE); rebuilding");
            try {
                reindexer.reindex();
            } catch (ReindexInProgressException e) {
                log.info("A reindex is running; the requested rebuild waits for it");
            }
        }
    }

    /** Keeps publishing until {@code running} turns false, polling when idle and backing off after a failure. */
    public void follow(Duration idlePoll, BooleanSupplier running) {
        follow(idlePoll, running, ChangeSignal.POLLING);
    }

    /**
     * Keeps publishing until {@code running} turns false; when idle, waits for {@code signal} (a committed change)
     * at most {@code idlePoll}, so polling remains the fallback; backs off after a failure.
     */
    public void follow(Duration idlePoll, BooleanSupplier running, ChangeSignal signal) {
        // A pool cannot be empty; with one publisher it is never given a task, so it never starts a thread.
        ExecutorService helpers = Executors.newFixedThreadPool(Math.max(1, publishing.catchUpPublishers() - 1), task -> {
            Thread thread = new Thread(task, "index-sync-catch-up");
            thread.setDaemon(true);
            return thread;
        });
        try {
            follow(idlePoll, running, signal, helpers);
        } finally {
            helpers.shutdownNow(); // a batch cut short rolls back: its rows stay for the next run
        }
    }

    private void follow(Duration idlePoll, BooleanSupplier running, ChangeSignal signal, ExecutorService helpers) {
        RetryPolicy<Integer> retries = RetryPolicy.<Integer>builder()
                .handle(RuntimeException.class)
                .withBackoff(idlePoll, MAX_BACKOFF.compareTo(idlePoll) > 0 ? MAX_BACKOFF : idlePoll.multipliedBy(2))
                .withMaxRetries(-1)
                .abortIf((result, failure) -> !running.getAsBoolean())
                .onFailedAttempt(e -> {
                    log.warn("Sync batch failed, retrying: {}", e.getLastException().getMessage());
                    status.updateAndGet(s -> new Status(s.lastSuccess(), Instant.now(),
                            e.getLastException().getMessage()));
                })
                .build();
        boolean backlog = false;
        while (running.getAsBoolean()) {
            int consumed;
            boolean catchingUp = backlog;
            try {
                consumed = Failsafe.with(retries).get(() -> {
                    rebuildIfRequested();
                    return catchingUp ? syncConcurrently(helpers) : syncOnce();
                });
            } catch (RuntimeException e) { // aborted because we are stopping, or interrupted while waiting
                return;
            }
            status.updateAndGet(s -> new Status(Instant.now(), s.lastFailure(), s.lastError()));
            backlog = consumed >= publishing.batchSize(); // a full batch's worth: more may be waiting
            if (consumed == 0) {
                refreshIfOwed();
                signal.await(idlePoll);
            }
        }
    }

    /**
     * Publishes {@link Publishing#catchUpPublishers()} batches at once, this thread's and the helpers', each in its
     * own transaction; returns the change rows they consumed. Waits for all of them before it reports a failure.
     */
    private int syncConcurrently(ExecutorService helpers) {
        List<Future<Integer>> others = new ArrayList<>();
        for (int i = 1; i < publishing.catchUpPublishers(); i++) {
            others.add(helpers.submit(this::syncOnce));
        }
        int consumed = 0;
        RuntimeException failure = null;
        try {
            consumed += syncOnce();
        } catch (RuntimeException e) {
            failure = e;
        }
        for (Future<Integer> other : others) {
            try {
                consumed += other.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException cause ? cause
                            : new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                other.cancel(true);
                failure = failure != null ? failure : new IllegalStateException("Interrupted while publishing", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return consumed;
    }

    /** After a backlog was published by full batches, which do not refresh: make it searchable now. */
    private void refreshIfOwed() {
        if (refreshOwed.getAndSet(false)) {
            try {
                index.refresh();
            } catch (RuntimeException e) { // the index's own refresh interval makes the changes searchable anyway
                log.warn("Refresh after publishing a backlog failed: {}", e.getMessage());
            }
        }
    }

    private List<Long> syncBatch(Handle h) {
        long started = System.nanoTime();
        SearchLocks.lockPublishShared(h);
        List<SearchChanges.Change> claimed = SearchChanges.claim(h, publishing.batchSize());
        if (claimed.isEmpty()) {
            return List.of();
        }
        Set<Long> talkIds = new LinkedHashSet<>();
        claimed.forEach(change -> talkIds.add(change.talkId()));
        talkIds.addAll(h.createQuery(OTHER_RECORDINGS).bindArray("talks", Long.class, talkIds).mapTo(Long.class).list());
        Set<Long> locked = new LinkedHashSet<>(h.createQuery(LOCK_TALKS).bindArray("talks", Long.class, talkIds)
                .mapTo(Long.class).list());
        if (locked.isEmpty()) {
            return List.of();
        }
        long claimedAt = System.nanoTime();
        Map<Long, TalkDocument> loaded = documents.load(h, locked);
        long loadedAt = System.nanoTime();
        // A batch smaller than a full one means publishing has caught up with the writers: refresh with it, so a
        // viewer finds the change within the publishing delay rather than up to a refresh interval (1 s) later.
        // While catching up (full batches), the interval refreshes, as refreshing every batch would cost more.
        boolean caughtUp = claimed.size() < publishing.batchSize();
        try (BulkWriter writer = new BulkWriter(index.client(), index.bulkOperations(), 1, caughtUp)) {
            for (long talkId : locked) {
                TalkDocument document = loaded.get(talkId);
                if (document == null) {
                    writer.delete(index.alias(), talkId);
                } else {
                    writer.indexViaAlias(index.alias(), document);
                }
            }
        }
        if (!caughtUp) {
            refreshOwed.set(true);
        }
        long indexedAt = System.nanoTime();
        if (h.createQuery(HAS_BUILDS).mapTo(Boolean.class).one()) {
            h.createUpdate(NOTE_PENDING).bindArray("talks", Long.class, locked).execute();
        }
        List<Long> consumed = new ArrayList<>();
        claimed.stream().filter(change -> locked.contains(change.talkId())).forEach(change -> consumed.add(change.id()));
        SearchChanges.delete(h, consumed);
        // Where a batch's time goes, for whoever tunes publishing (TALKS_BULK_SIZE, the engines).
        log.debug("Batch of {} talks: claim and lock {} ms, load {} ms, index {} ms{}, the rest {} ms", locked.size(),
                (claimedAt - started) / 1_000_000, (loadedAt - claimedAt) / 1_000_000,
                (indexedAt - loadedAt) / 1_000_000, caughtUp ? " (refreshed)" : "",
                (System.nanoTime() - indexedAt) / 1_000_000);
        return consumed;
    }
}
