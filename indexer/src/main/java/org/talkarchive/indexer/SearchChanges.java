package org.talkarchive.indexer;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * The change rows waiting to be published ({@code search_change}): the triggers of V1 and later record one for each
 * written talk, publishing consumes them. Every statement on the table is here, so what a change row means is read
 * in one place.
 */
public final class SearchChanges {

    private static final String CLAIM = """
            SELECT id, talk_id FROM search_change ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED
            """;
    private static final String DELETE = """
            DELETE FROM search_change WHERE id = ANY(:ids)
            """;
    private static final String COUNT_AMONG = """
            SELECT count(*) FROM search_change WHERE id = ANY(:ids)
            """;
    private static final String COUNT = """
            SELECT count(*) FROM search_change
            """;
    private static final String VISIBLE = """
            SELECT id FROM search_change
            """;
    private static final String RECORD = """
            INSERT INTO search_change (talk_id) SELECT unnest(:ids)
            """;
    private static final String PENDING = """
            SELECT count(*) AS pending, extract(epoch FROM now() - min(changed_at)) AS oldest_seconds
              FROM search_change
            """;
    // PostgreSQL's clock on both sides: an external server's clock may differ from ours
    private static final String OLDEST_IS_OLDER_THAN = """
            SELECT changed_at < now() - make_interval(secs => :seconds) FROM search_change ORDER BY id LIMIT 1
            """;
    // Only ids above the sequence's value when the transaction began are read: each id it draws is above that (the
    // sequence hands out one value at a time, CACHE 1, V1), and the primary key finds them, where a scan of every
    // change row made an import without publishing quadratic (a million talks leave millions of rows).
    private static final String ID_FLOOR = """
            SELECT COALESCE(pg_sequence_last_value(pg_get_serial_sequence('search_change', 'id')::regclass), 0)
            """;
    // xmin: the transaction that wrote the row
    private static final String RECORDED_IN_THIS_TRANSACTION = """
            SELECT id, talk_id FROM search_change WHERE id > :floor AND xmin = pg_current_xact_id()::xid
            """;

    /** One change row: talk {@code talkId} was written and is to be published again. */
    public record Change(long id, long talkId) {
    }

    /** Changes waiting to be published, and the age of the oldest (0 with none). */
    public record Pending(long changes, long oldestSeconds) {
    }

    private static final RowMapper<Change> CHANGE = (rs, ctx) -> new Change(rs.getLong("id"), rs.getLong("talk_id"));

    private SearchChanges() {
    }

    /** The oldest {@code limit} change rows no other transaction holds, locked by this one until it ends. */
    static List<Change> claim(Handle inTransaction, int limit) {
        return inTransaction.createQuery(CLAIM).bind("limit", limit).map(CHANGE).list();
    }

    static void delete(Handle h, Collection<Long> ids) {
        h.createUpdate(DELETE).bindArray("ids", Long.class, ids).execute();
    }

    /** How many of the given change rows are still waiting. */
    static long countAmong(Handle h, Collection<Long> ids) {
        return h.createQuery(COUNT_AMONG).bindArray("ids", Long.class, ids).mapTo(Long.class).one();
    }

    /** How many change rows are waiting. */
    static long count(Handle h) {
        return h.createQuery(COUNT).mapTo(Long.class).one();
    }

    /** The ids of every change row this transaction's snapshot sees. */
    static List<Long> visibleIds(Handle h) {
        return h.createQuery(VISIBLE).mapTo(Long.class).list();
    }

    /** Records the talks as changed, so publishing writes them again. */
    static void record(Handle h, Collection<Long> talkIds) {
        h.createUpdate(RECORD).bindArray("ids", Long.class, talkIds).execute();
    }

    /** What waits to be published. */
    public static Pending pending(Handle h) {
        return h.createQuery(PENDING).map((rs, ctx) -> {
            double age = rs.getDouble("oldest_seconds");
            return new Pending(rs.getLong("pending"), rs.wasNull() ? 0 : Math.round(age));
        }).one();
    }

    /** Whether the oldest waiting change is older than {@code age}; empty when none waits. */
    public static Optional<Boolean> oldestIsOlderThan(Handle h, Duration age) {
        return h.createQuery(OLDEST_IS_OLDER_THAN).bind("seconds", age.toSeconds()).mapTo(Boolean.class).findOne();
    }

    /**
     * Where the ids of the change rows a transaction records will start: asked first in the transaction, before it
     * writes, and handed to {@link #forEachRecordedInThisTransaction}.
     */
    public static long idFloor(Handle inTransaction) {
        return inTransaction.createQuery(ID_FLOOR).mapTo(Long.class).one();
    }

    /**
     * The change rows this transaction recorded (ids above {@code floor}), read before it commits, so a publisher
     * in another process cannot have taken any of them yet.
     */
    public static void forEachRecordedInThisTransaction(Handle inTransaction, long floor, Consumer<Change> change) {
        inTransaction.createQuery(RECORDED_IN_THIS_TRANSACTION).bind("floor", floor).map(CHANGE).forEach(change);
    }
}
