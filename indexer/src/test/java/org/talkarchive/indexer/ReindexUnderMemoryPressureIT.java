package org.talkarchive.indexer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.talkarchive.indexer.ReindexIT.addTalks;
import static org.talkarchive.indexer.ReindexIT.titlesInDatabase;
import static org.talkarchive.indexer.ReindexIT.titlesInIndex;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;
import org.talkarchive.testing.Fixtures;
import org.talkarchive.testing.RealEngines;
import org.talkarchive.testing.TestArchive;

/** A reindex on an engine whose memory is short (a ReindexIT case that needs the shared engine to itself). */
@Isolated("It lowers a breaker limit of the whole shared Elasticsearch, which would fail other classes' requests")
@ExtendWith(RealEngines.class)
class ReindexUnderMemoryPressureIT {

    /**
     * A node whose heap is full refuses whole bulk requests with a 429 circuit_breaking_exception; a 1M-talk reindex
     * on a 1 GB heap died of that after five minutes. Here the parent breaker's limit is set below what the heap
     * holds, so every request that may trip it does (the cluster-settings call that lifts it may not), from the first
     * document of the copy until three seconds later (longer than the HTTP client's own single retry): the reindex must
     * wait it out.
     */
    @Test
    void aReindexWaitsOutAnEngineThatRefusesBulkRequests(TestArchive t) throws Exception {
        t.importCorpus(Fixtures.corpus());
        addTalks(t, 3000);
        t.archive().ensureIndex();
        t.publish();
        long trippedBefore = parentBreakerTrips(t);
        CompletableFuture<Void> lifted = new CompletableFuture<>();
        AtomicBoolean refusing = new AtomicBoolean();

        Reindexer.Report report;
        try {
            report = t.archive().reindexer().reindex(new Reindexer.Progress() {
                @Override
                public void loaded(long talks) {
                    if (refusing.compareAndSet(false, true)) { // before the first bulk request goes out
                        setParentLimit(t, "1%");
                        CompletableFuture.runAsync(() -> setParentLimit(t, null),
                                CompletableFuture.delayedExecutor(3, java.util.concurrent.TimeUnit.SECONDS))
                                .whenComplete((ok, e) -> lifted.complete(null));
                    }
                }
            });
        } finally {
            lifted.get();
            setParentLimit(t, null);
        }

        assertThat(parentBreakerTrips(t)).as("bulk requests refused by the breaker").isGreaterThan(trippedBefore);
        assertThat(report.documents()).isEqualTo(t.count("SELECT count(*) FROM talk"));
        assertThat(titlesInIndex(t)).isEqualTo(titlesInDatabase(t));
    }

    /** {@code null} puts the default back. */
    private static void setParentLimit(TestArchive t, String limit) {
        try {
            String value = limit == null ? "null" : '"' + limit + '"';
            t.client().cluster().putSettings(s -> s.withJson(new java.io.StringReader(
                    "{\"persistent\": {\"indices.breaker.total.limit\": " + value + "}}")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long parentBreakerTrips(TestArchive t) throws java.io.IOException {
        return t.client().nodes().stats(s -> s.metric(co.elastic.clients.elasticsearch.nodes.stats.NodeStatsMetric.Breaker)).nodes().values().stream()
                .mapToLong(n -> Math.round(n.breakers().get("parent").tripped()))
                .sum();
    }

}
