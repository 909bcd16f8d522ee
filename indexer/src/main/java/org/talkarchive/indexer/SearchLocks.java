package org.talkarchive.indexer;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * PostgreSQL advisory locks the publishing code agrees on. Talk locks use the single-bigint key space (the talk
 * id); these use the two-int key space, which PostgreSQL keeps apart from it.
 */
final class SearchLocks {

    static final int NAMESPACE = 7301;
    /** Held shared by each sync batch while it writes to the alias; exclusively by a reindex while it swaps. */
    static final int PUBLISH = 1;
    /** Held by the one reindex that may run at a time, for its whole run. */
    static final int REINDEX = 2;

    private static final String LOCK_PUBLISH_SHARED = """
            SELECT pg_advisory_xact_lock_shared(:namespace, :key)
            """;
    private static final String LOCK_PUBLISH_EXCLUSIVE = """
            SELECT pg_advisory_xact_lock(:namespace, :key)
            """;
    private static final String TRY_LOCK_REINDEX = """
            SELECT pg_try_advisory_lock(:namespace, :key)
            """;
    private static final String UNLOCK_REINDEX = """
            SELECT pg_advisory_unlock(:namespace, :key)
            """;

    private SearchLocks() {
    }

    /** Until the transaction ends, waiting for a reindex's swap to finish; many syncs hold it together. */
    static void lockPublishShared(Handle inTransaction) {
        waitFor(inTransaction, LOCK_PUBLISH_SHARED);
    }

    /** Until the transaction ends, waiting for every sync batch writing to the alias to finish. */
    static void lockPublishExclusive(Handle inTransaction) {
        waitFor(inTransaction, LOCK_PUBLISH_EXCLUSIVE);
    }

    /** Held by this session until {@link #unlockReindex}; false when another reindex holds it. */
    static boolean tryLockReindex(Handle session) {
        return lock(session, TRY_LOCK_REINDEX, REINDEX).mapTo(Boolean.class).one();
    }

    static void unlockReindex(Handle session) {
        lock(session, UNLOCK_REINDEX, REINDEX).mapTo(Boolean.class).one();
    }

    private static void waitFor(Handle h, String sql) {
        lock(h, sql, PUBLISH).mapTo(String.class).one(); // the function returns void: one empty value
    }

    private static Query lock(Handle h, String sql, int key) {
        return h.createQuery(sql).bind("namespace", NAMESPACE).bind("key", key);
    }
}
