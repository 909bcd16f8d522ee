package org.talkarchive.indexer;

/**
 * How the talks index is laid out on a cluster, and how big its bulk requests are. Applied when an index is
 * created ({@link IndexDefinition#withLayout}); an existing index keeps its shards until the next reindex.
 *
 * @param shards         primary shards ({@code TALKS_INDEX_SHARDS}); 1 suits the archive's size on one node
 * @param replicas       copies of each shard ({@code TALKS_INDEX_REPLICAS}); above 0 needs that many more nodes,
 *                       else the cluster stays yellow with the copies unassigned
 * @param bulkOperations operations per bulk request when publishing and reindexing ({@code TALKS_BULK_SIZE})
 */
public record IndexLayout(int shards, int replicas, int bulkOperations) {

    /** What the definition file says (one shard, no replica) and 1,000 operations a request, as before. */
    public static final IndexLayout DEFAULT = new IndexLayout(1, 0, 1000);

    public IndexLayout {
        // Elasticsearch's own limit is 1024 shards an index; more replicas than that is a typo.
        if (shards < 1 || shards > 1024) {
            throw new IllegalArgumentException("TALKS_INDEX_SHARDS must be from 1 to 1024, not " + shards);
        }
        if (replicas < 0 || replicas > 32) {
            throw new IllegalArgumentException("TALKS_INDEX_REPLICAS must be from 0 to 32, not " + replicas);
        }
        if (bulkOperations < 1 || bulkOperations > 100_000) {
            throw new IllegalArgumentException("TALKS_BULK_SIZE must be from 1 to 100000, not " + bulkOperations);
        }
    }
}
