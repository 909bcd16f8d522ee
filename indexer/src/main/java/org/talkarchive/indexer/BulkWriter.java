package org.talkarchive.indexer;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkListener;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.transport.BackoffPolicy;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Index and delete operations through a {@link BulkIngester}; {@link #close()} waits for every request and fails
 * if any operation failed, so a caller can commit its database work only after Elasticsearch took everything.
 *
 * <p>Back-pressure from Elasticsearch slows the writer down instead of failing it: operations refused with 429
 * (a full write queue) are retried by the ingester, and a whole request refused with 429 or 503 (a tripped circuit
 * breaker when the node's heap is full, a node that is not ready) is sent again after a growing pause. A 1M-talk
 * reindex on a 1 GB heap failed after five minutes on such a breaker before.
 */
final class BulkWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BulkWriter.class);

    /** About a minute of pauses in all before a refused request counts as failed. */
    private static final RetryPolicy<BulkResponse> REFUSED_REQUEST = RetryPolicy.<BulkResponse>builder()
            .handleIf(BulkWriter::pushedBack)
            .withBackoff(Duration.ofMillis(250), Duration.ofSeconds(10))
            .withMaxRetries(10)
            .onRetry(e -> log.warn("Elasticsearch refused a bulk request, sending it again (attempt {}): {}",
                    e.getAttemptCount() + 1, e.getLastException().getMessage()))
            .build();

    private final ElasticsearchClient client;
    private final BulkIngester<Void> ingester;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private final Queue<CompletableFuture<?>> resent = new ConcurrentLinkedQueue<>();

    BulkWriter(ElasticsearchClient client, int maxOperations, int maxConcurrentRequests) {
        this(client, maxOperations, maxConcurrentRequests, false);
    }

    /** @param refresh make the written documents searchable when each request returns, not at the next refresh */
    BulkWriter(ElasticsearchClient client, int maxOperations, int maxConcurrentRequests, boolean refresh) {
        this.client = client;
        this.ingester = BulkIngester.of(b -> b
                .client(client)
                .backoffPolicy(BackoffPolicy.exponentialBackoff(100L, 8))
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
                        countItemFailures(response);
                    }

                    @Override
                    public void afterBulk(long executionId, BulkRequest request, List<Void> contexts,
                                          Throwable failure) {
                        if (pushedBack(failure)) {
                            resend(request);
                        } else {
                            failed(request, failure);
                        }
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

    /**
     * Sends a refused request again off the ingester's threads (the HTTP client has already retried it once, a
     * second later); {@link #close()} waits for it. The ingester calls
     * its listener before it counts a request done, so every resend is queued before {@code ingester.close()} returns.
     */
    private void resend(BulkRequest request) {
        resent.add(Failsafe.with(REFUSED_REQUEST).getAsync(() -> client.bulk(request))
                .whenComplete((response, failure) -> {
                    if (failure != null) {
                        failed(request, failure);
                    } else {
                        countItemFailures(response);
                    }
                }));
    }

    private void countItemFailures(BulkResponse response) {
        for (BulkResponseItem item : response.items()) {
            if (item.error() != null) {
                failures.incrementAndGet();
                firstFailure.compareAndSet(null, item.id() + ": " + item.error().reason());
            }
        }
    }

    private void failed(BulkRequest request, Throwable failure) {
        failures.addAndGet(request.operations().size());
        firstFailure.compareAndSet(null, failure.toString());
    }

    /** Elasticsearch said "not now" (429, 503) rather than "never": the same request may succeed later. */
    static boolean pushedBack(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ElasticsearchException e && (e.status() == 429 || e.status() == 503)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        ingester.close();
        for (CompletableFuture<?> request = resent.poll(); request != null; request = resent.poll()) {
            request.handle((response, failure) -> null).join(); // its outcome is counted in whenComplete
        }
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
