package org.talkarchive.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.talkarchive.infra.postgres.ChangeNotifications;
import org.talkarchive.search.TalkQuery;
import org.talkarchive.testing.Fixtures;
import org.talkarchive.testing.RealEngines;
import org.talkarchive.testing.TestArchive;

/** Publishing wakes on PostgreSQL's NOTIFY (B16__archive_schema.sql), not only at its next poll. */
@ExtendWith(RealEngines.class)
class ChangeNotifyIT {

    // Far longer than any wait below: a change found in time was found because of the notification.
    private static final Duration SLOW_POLL = Duration.ofSeconds(60);

    private static long hits(TestArchive t, String text) {
        return t.archive().search().search(TalkQuery.all().withPage(1).withText(text)).total();
    }

    /** Milliseconds until no change is pending, or -1 after {@code limit}. */
    private static long untilPublished(TestArchive t, Duration limit) throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < limit.toNanos()) {
            if (t.count("SELECT count(*) FROM search_change") == 0) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(5);
        }
        return -1;
    }

    private static void awaitListener(TestArchive t) throws InterruptedException {
        for (int i = 0; i < 200 && t.count("""
                SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN search_change%'
                """) == 0; i++) {
            Thread.sleep(50);
        }
    }

    @Test
    void theChangeChannelSignalsCommitsOnly(TestArchive t) {
        t.importCorpus(Fixtures.corpus());
        try (ChangeNotifications notifications = new ChangeNotifications(t.dataSource())) {
            assertThat(notifications.await(Duration.ofMillis(200))).as("nothing changed yet").isFalse();

            t.update("UPDATE talk SET title = title || ' again' WHERE slug = 'async-views'");
            assertThat(notifications.await(Duration.ofSeconds(5))).as("after a commit").isTrue();
            assertThat(notifications.await(Duration.ofMillis(200))).as("one commit, one notification").isFalse();

            t.update("""
                    DO $$ BEGIN
                        UPDATE talk SET title = 'never' WHERE slug = 'async-views';
                        RAISE EXCEPTION 'rolled back';
                    EXCEPTION WHEN raise_exception THEN NULL;
                    END $$
                    """);
            assertThat(notifications.await(Duration.ofMillis(300))).as("a rolled-back change").isFalse();
        }
    }

    @Test
    void aNotifiedPublisherMakesEachUpdateSearchableWithoutWaitingForItsPoll(TestArchive t) throws Exception {
        t.importAndPublish(Fixtures.corpus());
        hits(t, "warm"); // the first search of a fresh archive pays for class loading and the engine's caches
        try (AutoCloseable publisher = t.archive().startBackgroundSync(SLOW_POLL, true)) {
            awaitListener(t);
            for (int i = 0; i < 5; i++) {
                String word = "zebra" + (char) ('a' + i);
                t.update("UPDATE talk SET title = title || ' ' || ? WHERE slug = 'async-views'", word);
                // Published (the change row is gone only once Elasticsearch took the document) long before the
                // 60 s poll; the time a search then takes is the machine's, so it is not part of this bound.
                assertThat(untilPublished(t, Duration.ofSeconds(5))).as(word).isBetween(0L, 5000L);
                // Searchable at once: a caught-up batch refreshes with its bulk request.
                assertThat(hits(t, word)).as(word).isEqualTo(1);
            }
        }
        assertThat(t.count("SELECT count(*) FROM search_change")).isZero();
    }

    @Test
    void aPollingPublisherWaitsForItsPoll(TestArchive t) throws Exception {
        t.importAndPublish(Fixtures.corpus());
        try (AutoCloseable publisher = t.archive().startBackgroundSync(SLOW_POLL, false)) {
            Thread.sleep(500); // its first round has found nothing and it sleeps
            t.update("UPDATE talk SET title = title || ' okapi' WHERE slug = 'async-views'");
            assertThat(untilPublished(t, Duration.ofSeconds(3))).isEqualTo(-1);
            assertThat(hits(t, "okapi")).isZero();
        }
    }
}
