package org.talkarchive.indexer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
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

    private static final String TRY_LOCK_REINDEX = "SELECT pg_try_advisory_lock(?, ?)";
    private static final String UNLOCK_REINDEX = "SELECT pg_advisory_unlock(?, ?)";
    private static final String LOCK_PUBLISH_EXCLUSIVE = "SELECT pg_advisory_xact_lock(?, ?)";
    private static final String STALE_BUILDS = "DELETE FROM search_index_build";
    private static final String REGISTER_BUILD = "INSERT INTO search_index_build (index_name) VALUES (?)";
    private static final String UNREGISTER_BUILD = "DELETE FROM search_index_build WHERE index_name = ?";
    private static final String VISIBLE_CHANGES = "SELECT id FROM search_change";
    private static final String VISIBLE_REQUESTS = "SELECT coalesce(max(id), 0) FROM search_reindex_request";
    private static final String DELETE_REQUESTS = "DELETE FROM search_reindex_request WHERE id <= ?";
    private static final String HAS_REQUEST = "SELECT EXISTS (SELECT 1 FROM search_reindex_request)";
    private static final String BUILD_NAMES = "SELECT index_name FROM search_index_build";
    private static final String DELETE_CHANGES = "DELETE FROM search_change WHERE id = ANY(?)";
    private static final String TAKE_PENDING = """
            DELETE FROM search_index_build_pending
             WHERE (index_name, talk_id) IN (SELECT index_name, talk_id FROM search_index_build_pending
                                             WHERE index_name = ? LIMIT ?)
            RETURNING talk_id
            """;

    /** What a reindex did. */
    public record Report(String index, long documents, long replayed, Duration took) {
        public double documentsPerSecond() {
            return documents / Math.max(0.001, took.toMillis() / 1000.0);
        }
    }

    private final DataSource dataSource;
    private final SearchIndex index;
    private final TalkDocuments documents;
    private final Duration oldIndexGrace;

    /**
     * @param oldIndexGrace how long the old index outlives the swap: a search that started on it just before the
     *                      swap must be able to finish (deleting under it fails it with a 503)
     */
    public Reindexer(DataSource dataSource, SearchIndex index, TalkDocuments documents, Duration oldIndexGrace) {
        this.dataSource = dataSource;
        this.index = index;
        this.documents = documents;
        this.oldIndexGrace = oldIndexGrace;
    }

    public Report reindex() {
        long started = System.nanoTime();
        try (Connection session = dataSource.getConnection()) {
            if (!advisory(session, TRY_LOCK_REINDEX)) {
                throw new ReindexInProgressException();
            }
            try {
                return build(started);
            } finally {
                advisory(session, UNLOCK_REINDEX);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Reindex failed: " + e.getMessage(), e);
        }
    }

    private Report build(long started) throws SQLException {
        removeLeftovers(); // the reindex lock we hold proves no other build is alive
        Set<String> previous = index.indicesBehindAlias();
        String target = index.createForBulkLoad();
        try {
            execute(REGISTER_BUILD, target);
            List<Long> covered = new ArrayList<>();
            long[] requestsCovered = new long[1];
            long loaded = streamAll(target, covered, requestsCovered);
            long replayed = 0;
            long round;
            do {
                round = replayPending(target, null);
                replayed += round;
            } while (round > 100);
            index.finishBulkLoad(target);
            replayed += swap(target, previous);
            retire(covered);
            retireRequests(requestsCovered[0]);
            if (!previous.isEmpty()) {
                Pause.sleep(oldIndexGrace);
                index.delete(previous);
            }
            Report report = new Report(target, loaded, replayed, Duration.ofNanos(System.nanoTime() - started));
            log.info("Reindexed {} talks into {} ({} replayed) in {} ms, {} docs/s", loaded, target, replayed,
                    report.took().toMillis(), Math.round(report.documentsPerSecond()));
            return report;
        } catch (SQLException | RuntimeException e) {
            execute(UNREGISTER_BUILD, target);
            if (!index.indicesBehindAlias().contains(target)) { // never delete what searches already read
                index.delete(List.of(target));
            }
            throw e;
        }
    }

    /**
     * Streams the snapshot into the new index; {@code covered} gets the ids of the change rows it could see, and
     * {@code requestsCovered[0]} the newest full-rebuild request it could see (a TRUNCATE before the snapshot).
     */
    private long streamAll(String target, List<Long> covered, long[] requestsCovered) throws SQLException {
        AtomicLong count = new AtomicLong();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try (PreparedStatement ps = c.prepareStatement(VISIBLE_CHANGES); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) { // the first statement fixes the snapshot the stream below reads too
                    covered.add(rs.getLong(1));
                }
            }
            try (PreparedStatement ps = c.prepareStatement(VISIBLE_REQUESTS); ResultSet rs = ps.executeQuery()) {
                rs.next();
                requestsCovered[0] = rs.getLong(1);
            }
            try (BulkWriter writer = new BulkWriter(index.client(), 2)) {
                documents.streamAll(c, document -> {
                    writer.index(target, document);
                    count.incrementAndGet();
                });
            } finally {
                c.rollback();
                c.setReadOnly(false);
            }
        }
        return count.get();
    }

    /** Replays pending talks onto the new index, in the given transaction or in one of its own. */
    private long replayPending(String target, Connection inTransaction) throws SQLException {
        if (inTransaction != null) {
            return replayPendingIn(inTransaction, target);
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            long replayed = replayPendingIn(c, target);
            c.commit();
            return replayed;
        }
    }

    private long replayPendingIn(Connection c, String target) throws SQLException {
        long replayed = 0;
        while (true) {
            List<Long> talkIds = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(TAKE_PENDING)) {
                ps.setString(1, target);
                ps.setInt(2, 1000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        talkIds.add(rs.getLong(1));
                    }
                }
            }
            if (talkIds.isEmpty()) {
                return replayed;
            }
            Map<Long, TalkDocument> loaded = documents.load(c, talkIds);
            try (BulkWriter writer = new BulkWriter(index.client(), 1)) {
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

    private long swap(String target, Set<String> previous) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(LOCK_PUBLISH_EXCLUSIVE)) {
                ps.setInt(1, SearchLocks.NAMESPACE);
                ps.setInt(2, SearchLocks.PUBLISH);
                ps.execute();
            }
            long replayed = replayPending(target, c);
            index.client().indices().refresh(r -> r.index(target));
            index.pointAliasAt(target, previous);
            try (PreparedStatement ps = c.prepareStatement(UNREGISTER_BUILD)) {
                ps.setString(1, target);
                ps.executeUpdate();
            }
            c.commit();
            return replayed;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Deletes change rows whose effect the new index already has (a sync holding one makes this wait). */
    private void retire(List<Long> changeIds) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(DELETE_CHANGES)) {
            for (int from = 0; from < changeIds.size(); from += 10_000) {
                List<Long> chunk = changeIds.subList(from, Math.min(changeIds.size(), from + 10_000));
                ps.setArray(1, c.createArrayOf("bigint", chunk.toArray()));
                ps.executeUpdate();
            }
        }
    }

    private void retireRequests(long upTo) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(DELETE_REQUESTS)) {
            ps.setLong(1, upTo);
            ps.executeUpdate();
        }
    }

    /** True when a TRUNCATE (or an operator) asked for a full rebuild that no reindex has carried out yet. */
    public boolean rebuildRequested() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(HAS_REQUEST);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        } catch (SQLException e) {
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
        return whileNoReindexRuns(this::findLeftovers);
    }

    /** Deletes what killed reindexes left behind, if no reindex runs now; returns what was removed. */
    public Optional<Leftovers> cleanUpLeftovers() {
        return whileNoReindexRuns(this::removeLeftovers);
    }

    /** Call only while holding the reindex lock. */
    private Leftovers removeLeftovers() throws SQLException {
        Leftovers found = findLeftovers();
        if (!found.isEmpty()) {
            // a stale build's index is among the orphans: nothing reads it
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(STALE_BUILDS)) {
                ps.executeUpdate();
            }
            index.delete(found.orphanIndices());
            log.info("Removed what a killed reindex left behind: builds {}, indices {}", found.staleBuilds(),
                    found.orphanIndices());
        }
        return found;
    }

    private Leftovers findLeftovers() throws SQLException {
        List<String> builds = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(BUILD_NAMES);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                builds.add(rs.getString(1));
            }
        }
        List<String> orphans = new ArrayList<>(index.ownIndices());
        orphans.removeAll(index.indicesBehindAlias());
        return new Leftovers(builds, orphans);
    }

    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    private <T> Optional<T> whileNoReindexRuns(SqlWork<T> work) {
        try (Connection session = dataSource.getConnection()) {
            if (!advisory(session, TRY_LOCK_REINDEX)) {
                return Optional.empty();
            }
            try {
                return Optional.of(work.run());
            } finally {
                advisory(session, UNLOCK_REINDEX);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not inspect reindex leftovers: " + e.getMessage(), e);
        }
    }

    private void execute(String sql, String indexName) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, indexName);
            ps.executeUpdate();
        }
    }

    private static boolean advisory(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, SearchLocks.NAMESPACE);
            ps.setInt(2, SearchLocks.REINDEX);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
