package org.talkarchive.indexer;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkListener;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Index and delete operations through a {@link BulkIngester}; {@link #close()} waits for every request and fails
 * if any operation failed, so a caller can commit its database work only after Elasticsearch took everything.
 */
final class BulkWriter implements AutoCloseable {

    private final BulkIngester<Void> ingester;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    BulkWriter(ElasticsearchClient client, int maxOperations, int maxConcurrentRequests) {
        this(client, maxOperations, maxConcurrentRequests, false);
    }

    /** @param refresh make the written documents searchable when each request returns, not at the next refresh */
    BulkWriter(ElasticsearchClient client, int maxOperations, int maxConcurrentRequests, boolean refresh) {
        this.ingester = BulkIngester.of(b -> b
                .client(client)
                .globalSettings(g -> refresh ? g.refresh(co.elastic.clients.elasticsearch._types.Refresh.True) : g)
                .maxOperations(maxOperations)
                .maxSize(8L * 1024 * 1024)
                .maxConcurrentRequests(maxConcurrentRequests)
                .listener(new BulkListener<Void>() {
                    @Override
                    public void beforeBulk(long executionId, BulkRequest request, List<Void> contexts) {
                    }

                    @Override
                    public void afterBulk(long executionId, BulkRequest request, List<Void> contexts,
                                          BulkResponse response) {
                        for (BulkResponseItem item : response.items()) {
                            if (item.error() != null) {
                                failures.incrementAndGet();
                                firstFailure.compareAndSet(null, item.id() + ": " + item.error().reason());
                            }
                        }
                    }

                    @Override
                    public void afterBulk(long executionId, BulkRequest request, List<Void> contexts,
                                          Throwable failure) {
                        failures.addAndGet(request.operations().size());
                        firstFailure.compareAndSet(null, failure.toString());
                    }
                }));
    }

    void index(String index, TalkDocument document) {
        ingester.add(op -> op.index(i -> i.index(index).id(Long.toString(document.id())).document(document)));
    }

    /** Index through the alias only: with no alias yet, fail rather than auto-create an unmapped index. */
    void indexViaAlias(String alias, TalkDocument document) {
        ingester.add(op -> op.index(i -> i.index(alias).id(Long.toString(document.id())).document(document)
                .requireAlias(true)));
    }

    void delete(String index, long talkId) {
        ingester.add(op -> op.delete(d -> d.index(index).id(Long.toString(talkId))));
    }

    @Override
    public void close() {
        ingester.close();
        if (failures.get() > 0) {
            throw new BulkFailedException(failures.get(), firstFailure.get());
        }
    }

    /** Elasticsearch refused some operations of the batch (or the whole request failed). */
    static final class BulkFailedException extends IllegalStateException {
        private final long failures;

        BulkFailedException(long failures, String first) {
            super(failures + " bulk operations failed, first: " + first);
            this.failures = failures;
        }

        long failures() {
            return failures;
        }
    }
}
