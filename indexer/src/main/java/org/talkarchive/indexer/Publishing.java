package org.talkarchive.indexer;

/**
 * How {@link IndexSync} takes the change rows waiting to be published.
 *
 * @param batchSize         talks a batch claims, loads and sends in one bulk request, in one transaction
 *                          ({@code TALKS_PUBLISH_BATCH})
 * @param catchUpPublishers batches published at once while a backlog lasts, each in its own transaction
 *                          ({@code TALKS_PUBLISHERS}): one loads from PostgreSQL while another waits on Elasticsearch
 */
public record Publishing(int batchSize, int catchUpPublishers) {

    /**
     * Chosen by measuring a 100,000-row bulk UPDATE at a million talks on two cores (README, "Running it bigger"):
     * batches of 1,000 published faster than of 250 or 500, and 2,000 were no better while holding their locks
     * twice as long; two publishers faster than one, three no faster than two.
     */
    public static final Publishing DEFAULT = new Publishing(1000, 2);

    public Publishing {
        // A batch is one transaction holding its talks' locks and one bulk request: beyond 10,000 it holds them long.
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("TALKS_PUBLISH_BATCH must be from 1 to 10000, not " + batchSize);
        }
        // Each publisher holds a connection of the work pool (10): more than 8 would leave imports and jobs waiting.
        if (catchUpPublishers < 1 || catchUpPublishers > 8) {
            throw new IllegalArgumentException("TALKS_PUBLISHERS must be from 1 to 8, not " + catchUpPublishers);
        }
    }

    /** The same, with batches of {@code size} talks (tests use small ones to make many batches). */
    public Publishing withBatchSize(int size) {
        return new Publishing(size, catchUpPublishers);
    }
}
