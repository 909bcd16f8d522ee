package org.talkarchive.indexer;

/**
 * PostgreSQL advisory lock keys the publishing code agrees on. Talk locks use the single-bigint key space (the talk
 * id); these use the two-int key space, which PostgreSQL keeps apart from it.
 */
final class SearchLocks {

    static final int NAMESPACE = 7301;
    /** Held shared by each sync batch while it writes to the alias; exclusively by a reindex while it swaps. */
    static final int PUBLISH = 1;
    /** Held by the one reindex that may run at a time, for its whole run. */
    static final int REINDEX = 2;

    private SearchLocks() {
    }
}
