package org.talkarchive.indexer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.core.GetResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.talkarchive.search.TalkQuery;
import org.talkarchive.testing.Fixtures;
import org.talkarchive.testing.RealEngines;
import org.talkarchive.testing.TestArchive;

@ExtendWith(RealEngines.class)
class SyncIT {

    private static TalkDocument indexed(TestArchive t, long id) throws Exception {
        GetResponse<TalkDocument> got = t.client().get(g -> g.index(t.alias()).id(Long.toString(id)), TalkDocument.class);
        return got.found() ? got.source() : null;
    }

    private static long talkId(TestArchive t, String slug) {
        return t.count("SELECT id FROM talk WHERE slug = ?", slug);
    }

    private static long hits(TestArchive t, String text) {
        return t.archive().search().search(TalkQuery.all().withPage(1)
                .withText(text)).total();
    }

    @Test
    void everyImportedTalkIsPublishedWithItsDenormalizedFields(TestArchive t) throws Exception {
        t.importAndPublish(Fixtures.corpus());

        assertThat(t.archive().index().count()).isEqualTo(5);
        assertThat(t.count("SELECT count(*) FROM search_change")).isZero();
        TalkDocument doc = indexed(t, talkId(t, "django-orm-deep-dive"));
        assertThat(doc.title()).isEqualTo("A deep dive into the Django ORM");
        assertThat(doc.speakers()).containsExactly("Ana García", "Bob Smith");
        assertThat(doc.speakerSlugs()).containsExactly("ana-garcia", "bob-smith");
        assertThat(doc.tagKeys()).containsExactly("django", "orm");
        assertThat(doc.eventFacet()).isEqualTo("fixconf-2021\tFixConf 2021");
        assertThat(doc.year()).isEqualTo(2021);
        assertThat(doc.recorded()).isEqualTo("2021-06-11");
        assertThat(doc.durationSeconds()).isEqualTo(2700);
        assertThat(doc.description()).isEqualTo("Querysets, expressions and the SQL they become.");
    }

    @Test
    void insertUpdateAndDeleteReachTheIndex(TestArchive t) throws Exception {
        t.importAndPublish(Fixtures.corpus());
        long eventId = t.count("SELECT id FROM event WHERE slug = 'fixconf-2021'");

        t.update("INSERT INTO talk (event_id, slug, title, recorded) VALUES (?, 'new-talk', 'Zebras in production', '2021-06-12')", eventId);
        t.update("UPDATE talk SET title = 'Async views, measured twice' WHERE slug = 'async-views'");
        long deleted = talkId(t, "pair-programming");
        t.update("DELETE FROM talk WHERE id = ?", deleted);
        t.publish();

        assertThat(hits(t, "zebras")).isEqualTo(1);
        assertThat(indexed(t, talkId(t, "async-views")).title()).isEqualTo("Async views, measured twice");
        assertThat(indexed(t, deleted)).isNull();
        assertThat(t.archive().index().count()).isEqualTo(5);
    }

    @Test
    void aBulkSqlUpdateOutsideTheAppIsPublished(TestArchive t) throws Exception {
        t.importAndPublish(Fixtures.corpus());

        // Plain SQL, as an operator would run it in psql: no application code involved.
        int changed = t.update("UPDATE talk SET title = title || ' (remastered)'");
        t.update("UPDATE speaker SET name = 'Ana María García' WHERE slug = 'ana-garcia'");
        t.update("UPDATE event SET title = 'FixConf Twenty-One' WHERE slug = 'fixconf-2021'");
        t.publish();

        assertThat(changed).isEqualTo(5);
        assertThat(hits(t, "remastered")).isEqualTo(5);
        TalkDocument orm = indexed(t, talkId(t, "django-orm-deep-dive"));
        assertThat(orm.speakers()).containsExactly("Ana María García", "Bob Smith");
        assertThat(orm.eventTitle()).isEqualTo("FixConf Twenty-One");
        assertThat(t.archive().consistency().check(50).consistent()).isTrue();
    }

    @Test
    void tagAndSpeakerLinksAreCapturedToo(TestArchive t) throws Exception {
        t.importAndPublish(Fixtures.corpus());
        long talk = talkId(t, "pair-programming");
        t.update("INSERT INTO talk_tag (talk_id, tag_id) SELECT ?, id FROM tag WHERE name = 'django'", talk);
        t.update("DELETE FROM talk_speaker WHERE talk_id = ? AND speaker_id = (SELECT id FROM speaker WHERE slug = 'carol-jones')", talk);
        t.publish();

        TalkDocument doc = indexed(t, talk);
        assertThat(doc.tagKeys()).contains("django");
        assertThat(doc.speakerSlugs()).containsExactly("bob-smith");
    }

    @Test
    void concurrentSyncsPublishEverythingOnce(TestArchive t) throws Exception {
        t.importAndPublish(Fixtures.corpus());
        long eventId = t.count("SELECT id FROM event WHERE slug = 'fixconf-2021'");
        for (int round = 0; round < 20; round++) {
            t.update("INSERT INTO talk (event_id, slug, title) SELECT ?, 'bulk-' || ? || '-' || g, 'Bulk talk ' || g FROM generate_series(1, 50) g",
                    eventId, round);
            t.update("UPDATE talk SET title = title || '!' WHERE slug LIKE 'bulk-%' AND id % 3 = 0");
        }
        IndexSync small = new IndexSync(t.jdbi(), t.archive().index(), new TalkDocuments(new org.talkarchive.indexer.TalkVectors(org.talkarchive.text.embedding.MiniLmEmbedder.MODEL)),
                t.archive().reindexer(), Publishing.DEFAULT.withBatchSize(37));
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<Long>> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            runs.add(pool.submit(small::syncAll));
        }
        for (Future<Long> run : runs) {
            run.get();
        }
        pool.shutdown();
        t.publish(); // whatever a sync skipped because another held the talk

        assertThat(t.count("SELECT count(*) FROM search_change")).isZero();
        assertThat(t.archive().index().count()).isEqualTo(t.count("SELECT count(*) FROM talk"));
        ConsistencyCheck.Report report = t.archive().consistency().check(500);
        assertThat(report.consistent()).as(report.summary()).isTrue();
    }

    @ParameterizedTest(name = "{0} publishers at once")
    @ValueSource(ints = {1, 2, 4})
    void aFollowerCatchingUpWithABacklogPublishesEveryChangeOnceAndInOrder(int publishers, TestArchive t)
            throws Exception {
        t.importAndPublish(Fixtures.corpus());
        long eventId = t.count("SELECT id FROM event WHERE slug = 'fixconf-2021'");
        t.update("INSERT INTO talk (event_id, slug, title) SELECT ?, 'backlog-' || g, 'Backlog talk ' || g FROM generate_series(1, 300) g",
                eventId);
        IndexSync small = new IndexSync(t.jdbi(), t.archive().index(), new TalkDocuments(new org.talkarchive.indexer.TalkVectors(org.talkarchive.text.embedding.MiniLmEmbedder.MODEL)),
                t.archive().reindexer(), new Publishing(23, publishers));
        AtomicBoolean running = new AtomicBoolean(true);
        Thread follower = new Thread(() -> small.follow(Duration.ofMillis(100), running::get), "test-follower");
        follower.start();
        try {
            // Changes keep landing on talks while batches of them are being published.
            for (int i = 0; i < 8; i++) {
                t.update("UPDATE talk SET title = title || ' v" + i + "' WHERE slug LIKE 'backlog-%' AND id % 4 = ?",
                        i % 4);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (t.count("SELECT count(*) FROM search_change") > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        } finally {
            running.set(false);
            follower.interrupt();
            follower.join(10_000);
        }

        assertThat(t.count("SELECT count(*) FROM search_change")).isZero();
        assertThat(t.archive().index().count()).isEqualTo(t.count("SELECT count(*) FROM talk"));
        long last = t.count("SELECT id FROM talk WHERE slug = 'backlog-300'");
        assertThat(indexed(t, last).title())
                .isEqualTo(t.strings("SELECT title FROM talk WHERE id = ?", last).get(0));
        ConsistencyCheck.Report report = t.archive().consistency().check(500);
        assertThat(report.consistent()).as(report.summary()).isTrue();
    }

    @Test
    void aFailedBatchLosesNothing(TestArchive t) throws Exception {
        t.importCorpus(Fixtures.corpus());
        long pending = t.count("SELECT count(*) FROM search_change");

        // No index behind the alias yet: every write fails (require_alias), so the batch must roll back.
        assertThatThrownBy(() -> t.archive().sync().syncOnce()).hasMessageContaining("bulk operations failed");
        assertThat(t.count("SELECT count(*) FROM search_change")).isEqualTo(pending);
        assertThat(t.client().indices().exists(e -> e.index(t.alias())).value())
                .as("no unmapped index auto-created").isFalse();

        t.archive().ensureIndex();
        t.publish();
        assertThat(t.archive().index().count()).isEqualTo(5);
        assertThat(t.count("SELECT count(*) FROM search_change")).isZero();
    }
}
