package org.talkarchive.indexer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.core.SearchResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.talkarchive.search.SearchPage;
import org.talkarchive.search.TalkQuery;
import org.talkarchive.testing.Fixtures;
import org.talkarchive.testing.RealEngines;
import org.talkarchive.testing.TestArchive;

@ExtendWith(RealEngines.class)
@Order(3) // among the longest: started first (see the failsafe configuration in pom.xml)
class ReindexIT {

    /** Adds {@code n} talks by SQL, so a reindex has enough to chew on for writes to overlap it. */
    static void addTalks(TestArchive t, int n) {
        long eventId = t.count("SELECT id FROM event WHERE slug = 'fixconf-2021'");
        t.update("""
                INSERT INTO talk (event_id, slug, title, description, recorded)
                SELECT ?, 'generated-' || g, 'Generated talk number ' || g, 'About topic ' || (g % 97),
                       date '2015-01-01' + (g % 3000)
                  FROM generate_series(1, ?) g""", eventId, n);
    }

    static Map<Long, String> titlesInDatabase(TestArchive t) throws Exception {
        Map<Long, String> titles = new HashMap<>();
        try (Connection c = t.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, title FROM talk");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                titles.put(rs.getLong(1), rs.getString(2));
            }
        }
        return titles;
    }

    static Map<Long, String> titlesInIndex(TestArchive t) throws Exception {
        t.archive().index().refresh();
        SearchResponse<TalkDocument> all = t.client().search(s -> s.index(t.alias()).size(10_000)
                .query(q -> q.matchAll(m -> m)), TalkDocument.class);
        Map<Long, String> titles = new HashMap<>();
        all.hits().hits().forEach(h -> titles.put(Long.parseLong(h.id()), h.source().title()));
        return titles;
    }

    @Test
    void aReindexWaitsOutAMomentaryHolderOfItsLockButNotALongOne(TestArchive t) throws Exception {
        t.importAndPublish(Fixtures.corpus());
        // as the leftovers' inspection holds it, for a moment
        try (Connection c = t.dataSource().getConnection();
             PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_lock(7301, 2)");
             PreparedStatement unlock = c.prepareStatement("SELECT pg_advisory_unlock(7301, 2)")) {
            lock.execute();
            CompletableFuture<Void> released = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(1_000);
                    unlock.execute();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(t.archive().reindexer().reindex().documents()).isPositive();
            released.join();
            // as a reindex holds it, for longer than a reindex waits
            lock.execute();
            long started = System.nanoTime();
            assertThatThrownBy(() -> t.archive().reindexer().reindex()).isInstanceOf(ReindexInProgressException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Reindexer.LOCK_PATIENCE);
            unlock.execute();
        }
    }

    @Test
    void swapsToAFreshIndexAndRemovesTheOldOne(TestArchive t) {
        t.importAndPublish(Fixtures.corpus());
        Set<String> before = t.archive().index().indicesBehindAlias();

        Reindexer.Report report = t.archive().reindexer().reindex();

        Set<String> after = t.archive().index().indicesBehindAlias();
        assertThat(after).containsExactly(report.index()).doesNotContainAnyElementsOf(before);
        assertThat(report.documents()).isEqualTo(5);
        for (String old : before) {
            assertThat(exists(t, old)).as("old index %s deleted", old).isFalse();
        }
        assertThat(t.archive().index().count()).isEqualTo(5);
    }

    @Test
    void searchesNeverFailAndChangesDuringTheReindexAreNotLost(TestArchive t) throws Exception {
        t.importCorpus(Fixtures.corpus());
        addTalks(t, 4000);
        t.archive().ensureIndex();
        t.publish();
        long talks = t.count("SELECT count(*) FROM talk");

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger searches = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        CompletableFuture<Void> searchLoop = CompletableFuture.runAsync(() -> {
            while (running.get()) {
                try {
                    SearchPage page = t.archive().search().search(TalkQuery.all().withText("generated talk"));
                    if (page.total() < 1000) {
                        throw new IllegalStateException("only " + page.total() + " hits");
                    }
                    searches.incrementAndGet();
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                    firstFailure.compareAndSet(null, e.toString());
                }
            }
        });
        AtomicInteger writes = new AtomicInteger();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            int i = 0;
            while (running.get()) {
                i++;
                t.update("UPDATE talk SET title = 'Retitled ' || ? || ' ' || slug WHERE slug = ?", i, "generated-" + (i % 4000 + 1));
                if (i % 10 == 0) {
                    t.update("DELETE FROM talk WHERE slug = ?", "generated-" + (4000 - i / 10));
                }
                writes.incrementAndGet();
            }
        });
        try (AutoCloseable sync = t.archive().startBackgroundSync(Duration.ofMillis(20))) {
            Reindexer.Report report = t.archive().reindexer().reindex();
            assertThat(report.documents()).isGreaterThan(3900);
            Thread.sleep(300); // writes and syncs go on after the swap too
            running.set(false);
            writer.get();
            searchLoop.get();
        }
        t.publish();

        assertThat(failures.get()).as("failed searches, first: %s", firstFailure.get()).isZero();
        assertThat(searches.get()).isPositive();
        assertThat(writes.get()).as("writes overlapped the reindex").isGreaterThan(10);
        assertThat(titlesInIndex(t)).isEqualTo(titlesInDatabase(t));
        assertThat(t.count("SELECT count(*) FROM talk")).isLessThan(talks);
        assertThat(t.count("SELECT count(*) FROM search_index_build")).isZero();
        assertThat(t.count("SELECT count(*) FROM search_index_build_pending")).isZero();
    }

    @Test
    void changesTheSnapshotCoveredAreRetiredSoNothingIsPublishedTwice(TestArchive t) {
        t.importCorpus(Fixtures.corpus());
        assertThat(t.count("SELECT count(*) FROM search_change")).isGreaterThan(5);

        t.archive().reindexer().reindex();

        assertThat(t.count("SELECT count(*) FROM search_change")).isZero();
        assertThat(t.archive().index().count()).isEqualTo(5);
    }

    @Test
    void onlyOneReindexRunsAtATime(TestArchive t) throws Exception {
        t.importCorpus(Fixtures.corpus());
        try (Connection c = t.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_lock(?, ?)")) {
            ps.setInt(1, SearchLocks.NAMESPACE);
            ps.setInt(2, SearchLocks.REINDEX);
            ps.execute(); // as if another reindex were running
            assertThatThrownBy(() -> t.archive().reindexer().reindex()).hasMessageContaining("Another reindex");
        }
    }

    @Test
    void aBuildLeftByADeadReindexIsCleanedUp(TestArchive t) throws Exception {
        t.importAndPublish(Fixtures.corpus());
        String orphan = t.archive().index().createForBulkLoad();
        t.update("INSERT INTO search_index_build (index_name) VALUES (?)", orphan);

        t.archive().reindexer().reindex();

        assertThat(exists(t, orphan)).isFalse();
        assertThat(t.count("SELECT count(*) FROM search_index_build")).isZero();
    }

    @Test
    void anOutdatedIndexIsRebuiltOnStart(TestArchive t) throws Exception {
        t.importCorpus(Fixtures.corpus());
        String old = t.alias() + "-v0-20200101-000000000";
        t.client().indices().create(c -> c.index(old).aliases(t.alias(), a -> a));
        assertThat(t.archive().index().isCurrent()).isFalse();

        t.archive().ensureIndex();

        assertThat(t.archive().index().isCurrent()).isTrue();
        assertThat(exists(t, old)).isFalse();
        assertThat(t.archive().index().count()).isEqualTo(5);
    }

    @Test
    void anOutdatedIndexKeepsAnsweringWhileServingRebuildsIt(TestArchive t) throws Exception {
        t.importAndPublish(Fixtures.corpus());
        String current = t.archive().index().indicesBehindAlias().iterator().next();
        String old = t.alias() + "-v0-20200101-000000000";
        t.client().indices().create(c -> c.index(old));
        t.archive().index().pointAliasAt(old, Set.of(current));
        t.client().index(i -> i.index(old).id("1").document(Map.of("title", "old")));
        t.client().indices().refresh(r -> r.index(old));

        t.archive().prepareIndexForServing(); // returns at once; the rebuild runs in the background

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!t.archive().index().isCurrent() && System.nanoTime() < deadline) {
            assertThat(t.archive().index().indicesBehindAlias()).isNotEmpty();
            Thread.sleep(50);
        }
        assertThat(t.archive().index().isCurrent()).isTrue();
        assertThat(t.archive().index().count()).isEqualTo(5);
    }

    private static boolean exists(TestArchive t, String index) {
        try {
            return t.client().indices().exists(e -> e.index(index)).value();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
