package org.talkarchive.indexer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a fresh index from PostgreSQL and swaps the alias to it, while searches keep reading the old one.
 *
 * <ol>
 *   <li>Create the new index and register it in {@code search_index_build}: from then on every sync batch notes
 *       the talks it publishes in {@code search_index_build_pending}.
 *   <li>Stream every talk from one REPEATABLE READ snapshot into the new index.
 *   <li>Replay the pending talks (loaded fresh) onto the new index, until few are left.
 *   <li>Take the publish lock exclusively (no sync batch is mid-flight), replay the rest, swap the alias
 *       atomically, unregister the build, commit. Changes not yet synced stay in {@code search_change} and reach
 *       the new index through the alias.
 *   <li>After a grace period for searches still running on it, delete the old index.
 * </ol>
 * The change rows the snapshot could see are already in the new index; after the swap they are deleted, so the sync
 * does not publish everything a second time after an import.
 * A talk changed after the snapshot is therefore either in the pending set or still in the change table.
 */
public final class Reindexer {

    private static final Logger log = LoggerFactory.getLogger(Reindexer.class);

    private static final String STALE_BUILDS = """
            DELETE FROM search_index_build
            """;
    private static final String REGISTER_BUILD = """
            INSERT INTO search_index_build (index_name) VALUES (:index)
            """;
    private static final String UNREGISTER_BUILD = """
            DELETE FROM search_index_build WHERE index_name = :index
            """;
    private static final String VISIBLE_REQUESTS = """
            SELECT coalesce(max(id), 0) FROM search_reindex_request
            """;
    private static final String DELETE_REQUESTS = """
            DELETE FROM search_reindex_request WHERE id <= :upTo
            """;
    private static final String HAS_REQUEST = """
            SELECT EXISTS (SELECT 1 FROM search_reindex_request)
            """;
    private static final String BUILD_NAMES = """
            SELECT index_name FROM search_index_build
            """;
    private static final String TAKE_PENDING = """
            DELETE FROM search_index_build_pending
             WHERE (index_name, talk_id) IN (SELECT index_name, talk_id FROM search_index_build_pending
                                             WHERE index_name = :index LIMIT :limit)
            RETURNING talk_id
            """;

    /**
     * What a reindex did. {@code warnings}: what went wrong after the alias moved to the new index, which the
     * reindex survives (an old index left behind, say).
     */
    public record Report(String index, long documents, long replayed, Duration took, List<String> warnings) {
        public double documentsPerSecond() {
            return documents / Math.max(0.001, took.toMillis() / 1000.0);
        }
    }

    private final Jdbi jdbi;
    private final SearchIndex index;
    private final TalkDocuments documents;
    private final Duration oldIndexGrace;

    /**
     * @param jdbi          PostgreSQL for reindexing (no statement timeout: the snapshot is streamed)
     * @param oldIndexGrace how long the old index outlives the swap: a search that started on it just before the
     *                      swap must be able to finish (deleting under it fails it with a 503)
     */
    public Reindexer(Jdbi jdbi, SearchIndex index, TalkDocuments documents, Duration oldIndexGrace) {
        this.jdbi = jdbi;
        this.index = index;
        this.documents = documents;
        this.oldIndexGrace = oldIndexGrace;
    }

    /**
     * The stages of a reindex, in order: copying the snapshot, replaying what changed meanwhile, switching the alias
     * (from here on the new index is live and the run can no longer be cancelled), retiring the old index after its
     * grace period.
     */
    public enum Phase {
        COPYING, REPLAYING, SWITCHING, RETIRING
    }

    /**
     * Hears how far a reindex has got, and may ask it to stop: {@link #cancelRequested} is asked between documents
     * and between stages until the alias switches; when it says yes the run throws {@link ReindexCancelledException},
     * the half-built index is deleted and the old one stays live.
     */
    public interface Progress {
        Progress NONE = new Progress() {
        };

        /** A stage begins; {@link Phase#COPYING} comes once the reindex lock is held and the new index exists. */
        default void phase(Phase phase) {
        }

        /** Polled often, from the reindexing thread: keep it cheap. */
        default boolean cancelRequested() {
            return false;
        }

        /** Before the bulk load: how many talks the snapshot holds. */
        default void loading(long talks) {
        }

        /** During the bulk load, from one thread: talks handed to the index so far. */
        default void loaded(long talks) {
        }
    }

    public Report reindex() {
        return reindex(Progress.NONE);
    }

    public Report reindex(Progress progress) {
        long started = System.nanoTime();
        try {
            return whileHoldingReindexLock(LOCK_PATIENCE, session -> build(started, progress))
                    .orElseThrow(ReindexInProgressException::new);
        } catch (JdbiException e) {
            throw new IllegalStateException("Reindex failed: " + e.getMessage(), e);
        }
    }

    private Report build(long started, Progress progress) {
        removeLeftovers(); // the reindex lock we hold proves no other build is alive
        Set<String> previous = index.indicesBehindAlias();
        String target = index.createForBulkLoad();
        List<Long> covered = new ArrayList<>();
        long[] requestsCovered = new long[1];
        long loaded;
        long replayed = 0;
        try {
            jdbi.useHandle(h -> h.createUpdate(REGISTER_BUILD).bind("index", target).execute());
            progress.phase(Phase.COPYING);
            loaded = streamAll(target, covered, requestsCovered, progress);
            stopIfCancelled(progress);
            progress.phase(Phase.REPLAYING);
            long round;
            do {
                round = jdbi.inTransaction(h -> replayPending(h, target));
                replayed += round;
                stopIfCancelled(progress);
            } while (round > 100);
            index.finishBulkLoad(target);
            stopIfCancelled(progress); // the last chance: after the swap the new index is what searches read
            progress.phase(Phase.SWITCHING);
            replayed += swap(target, previous);
        } catch (RuntimeException e) {
            abandon(target, e);
            throw e;
        }
        // The alias points at the new index: the reindex has done its job, whatever happens to the tidying below.
        List<String> warnings = tidyUp(covered, requestsCovered[0], previous, progress);
        Report report = new Report(target, loaded, replayed, Duration.ofNanos(System.nanoTime() - started),
                warnings);
        log.info("Reindexed {} talks into {} ({} replayed) in {} ms, {} docs/s", loaded, target, replayed,
                report.took().toMillis(), Math.round(report.documentsPerSecond()));
        return report;
    }

    /** A build that failed before its swap: unregistered, and its index deleted unless searches read it. */
    private void abandon(String target, RuntimeException failure) {
        try {
            jdbi.useHandle(h -> h.createUpdate(UNREGISTER_BUILD).bind("index", target).execute());
            if (!index.indicesBehindAlias().contains(target)) { // never delete what searches already read
                index.delete(List.of(target));
            }
        } catch (RuntimeException e) {
            // An engine is away (often the cause of the failure itself): what is left is a leftover that the next
            // reindex, or a running serve's cleanup, removes. The failure that stopped the build is what to report.
            failure.addSuppressed(e);
        }
    }

    /**
     * After the swap: forget the change rows and rebuild requests the new index covers, and delete the old index
     * after its grace period. None of it can undo the swap, so a failure here (an engine that died meanwhile) is a
     * warning, not a failed reindex: change rows left are published again (harmless), a rebuild request left asks
     * for one more reindex, and an old index left is removed by the leftovers cleanup of a running serve (or the
     * next start or reindex).
     */
    private List<String> tidyUp(List<Long> covered, long requestsCovered, Set<String> previous, Progress progress) {
        List<String> warnings = new ArrayList<>();
        try {
            retire(covered);
            retireRequests(requestsCovered);
        } catch (RuntimeException e) {
            warnings.add("The change rows the new index covers could not be deleted (" + e.getMessage()
                    + "); they are published again.");
        }
        if (!previous.isEmpty()) {
            progress.phase(Phase.RETIRING);
            Pause.sleep(oldIndexGrace);
            try {
                index.delete(previous);
            } catch (RuntimeException e) {
                warnings.add("The old index " + String.join(", ", previous) + " could not be deleted ("
                        + rootMessage(e) + "); the leftovers cleanup removes it.");
            }
        }
        warnings.forEach(warning -> log.warn("Reindex succeeded, but: {}", warning));
        return warnings;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.toString();
    }

    /**
     * Streams the snapshot into the new index; {@code covered} gets the ids of the change rows it could see, and
     * {@code requestsCovered[0]} the newest full-rebuild request it could see (a TRUNCATE before the snapshot).
     * One read-only REPEATABLE READ transaction, so the driver fetches the stream in pages from one snapshot.
     */
    private long streamAll(String target, List<Long> covered, long[] requestsCovered, Progress progress) {
        AtomicLong count = new AtomicLong();
        List<Long> withoutVector = new ArrayList<>();
        jdbi.useHandle(h -> {
            h.setReadOnly(true);
            try {
                h.useTransaction(TransactionIsolationLevel.REPEATABLE_READ, tx -> {
                    // the first statement fixes the snapshot the stream below reads too
                    covered.addAll(SearchChanges.visibleIds(tx));
                    requestsCovered[0] = tx.createQuery(VISIBLE_REQUESTS).mapTo(Long.class).one();
                    progress.loading(documents.countAll(tx));
                    try (BulkWriter writer = new BulkWriter(index.client(), index.bulkOperations(), 2)) {
                        documents.streamAll(tx, document -> {
                            stopIfCancelled(progress);
                            if (document.embedding() == null) {
                                withoutVector.add(document.id());
                            }
                            writer.index(target, document);
                            progress.loaded(count.incrementAndGet());
                        });
                    } finally {
                        tx.rollback(); // it only read
                    }
                });
            } finally {
                h.setReadOnly(false);
            }
        });
        // the snapshot was read-only: talks without a vector are queued for one now
        jdbi.useTransaction(h -> documents.vectors().want(h, withoutVector));
        return count.get();
    }

    private static void stopIfCancelled(Progress progress) {
        if (progress.cancelRequested()) {
            throw new ReindexCancelledException();
        }
    }

    /** Replays pending talks onto the new index, in the caller's transaction. */
    private long replayPending(Handle h, String target) {
        long replayed = 0;
        while (true) {
            List<Long> talkIds = h.createQuery(TAKE_PENDING).bind("index", target).bind("limit", 1000)
                    .mapTo(Long.class).list();
            if (talkIds.isEmpty()) {
                return replayed;
            }
            Map<Long, TalkDocument> loaded = documents.load(h, talkIds);
            try (BulkWriter writer = new BulkWriter(index.client(), index.bulkOperations(), 1)) {
                for (long talkId : talkIds) {
                    TalkDocument document = loaded.get(talkId);
                    if (document == null) {
                        writer.delete(target, talkId);
                    } else {
                        writer.index(target, document);
                    }
                }
            }
            replayed += talkIds.size();
        }
    }

    private long swap(String target, Set<String> previous) {
        try {
            return jdbi.inTransaction(h -> {
                SearchLocks.lockPublishExclusive(h);
                long replayed = replayPending(h, target);
                index.client().indices().refresh(r -> r.index(target));
                index.pointAliasAt(target, previous);
                h.createUpdate(UNREGISTER_BUILD).bind("index", target).execute();
                return replayed;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes change rows whose effect the new index already has (a sync holding one makes this wait). */
    private void retire(List<Long> changeIds) {
        jdbi.useHandle(h -> {
            for (int from = 0; from < changeIds.size(); from += 10_000) {
                List<Long> chunk = changeIds.subList(from, Math.min(changeIds.size(), from + 10_000));
                SearchChanges.delete(h, chunk);
            }
        });
    }

    private void retireRequests(long upTo) {
        jdbi.useHandle(h -> h.createUpdate(DELETE_REQUESTS).bind("upTo", upTo).execute());
    }

    /** True when a TRUNCATE (or an operator) asked for a full rebuild that no reindex has carried out yet. */
    public boolean rebuildRequested() {
        try {
            return jdbi.withHandle(h -> h.createQuery(HAS_REQUEST).mapTo(Boolean.class).one());
        } catch (JdbiException e) {
            throw new IllegalStateException("Could not read rebuild requests: " + e.getMessage(), e);
        }
    }

    /** What a killed reindex left behind: its registration, and indices that nothing reads. */
    public record Leftovers(List<String> staleBuilds, List<String> orphanIndices) {
        public boolean isEmpty() {
            return staleBuilds.isEmpty() && orphanIndices.isEmpty();
        }
    }

    /**
     * What killed reindexes left behind, judged only while no reindex runs (one that runs owns its build and its
     * new index, and the old index during its grace period); empty when one runs.
     */
    public Optional<Leftovers> leftovers() {
        return inspectingLeftovers(session -> findLeftovers());
    }

    /** Deletes what killed reindexes left behind, if no reindex runs now; returns what was removed. */
    public Optional<Leftovers> cleanUpLeftovers() {
        return inspectingLeftovers(session -> removeLeftovers());
    }

    /** Call only while holding the reindex lock. */
    private Leftovers removeLeftovers() {
        Leftovers found = findLeftovers();
        if (!found.isEmpty()) {
            // a stale build's index is among the orphans: nothing reads it
            jdbi.useHandle(h -> h.createUpdate(STALE_BUILDS).execute());
            index.delete(found.orphanIndices());
            log.info("Removed what a killed reindex left behind: builds {}, indices {}", found.staleBuilds(),
                    found.orphanIndices());
        }
        return found;
    }

    private Leftovers findLeftovers() {
        List<String> builds = jdbi.withHandle(h -> h.createQuery(BUILD_NAMES).mapTo(String.class).list());
        List<String> orphans = new ArrayList<>(index.ownIndices());
        orphans.removeAll(index.indicesBehindAlias());
        return new Leftovers(builds, orphans);
    }

    private <T> Optional<T> inspectingLeftovers(Function<Handle, T> work) {
        try {
            return whileHoldingReindexLock(Duration.ZERO, work);
        } catch (JdbiException e) {
            throw new IllegalStateException("Could not inspect reindex leftovers: " + e.getMessage(), e);
        }
    }

    /**
     * How long a reindex waits for the lock before it says another one runs: the leftovers' inspection and cleanup
     * (every 30 s in a serve, and in {@code check}) hold it for a moment, a reindex for minutes.
     */
    static final Duration LOCK_PATIENCE = Duration.ofSeconds(5);

    /**
     * Runs {@code work} while this process holds the reindex lock, on a session of its own that keeps the lock for
     * the whole run; empty, without running it, when another holds the lock for longer than {@code patience}.
     */
    private <T> Optional<T> whileHoldingReindexLock(Duration patience, Function<Handle, T> work) {
        return jdbi.withHandle(session -> {
            long deadline = System.nanoTime() + patience.toNanos();
            while (!SearchLocks.tryLockReindex(session)) {
                if (System.nanoTime() >= deadline) {
                    return Optional.<T>empty();
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.<T>empty();
                }
            }
            try {
                return Optional.of(work.apply(session));
            } finally {
                SearchLocks.unlockReindex(session);
            }
        });
    }
}
