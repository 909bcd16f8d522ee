package org.talkarchive.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.talkarchive.indexer.IndexSync;
import org.talkarchive.indexer.Publishing;
import org.talkarchive.indexer.TalkDocuments;
import org.talkarchive.testing.Fixtures;
import org.talkarchive.testing.RealEngines;
import org.talkarchive.testing.TestArchive;

@ExtendWith(RealEngines.class)
class ImportIT {

    @TempDir
    Path dir;

    @Test
    void importsGoodRecordsAndReportsEveryBadOne(TestArchive t) {
        ImportReport report = t.importCorpus(Fixtures.corpusCopy(dir));

        assertThat(report.events()).isEqualTo(2);
        assertThat(report.inserted()).isEqualTo(5);
        assertThat(report.withheld()).isEqualTo(1);
        assertThat(report.rejections()).hasSize(4);
        assertThat(t.strings("SELECT slug FROM talk ORDER BY slug")).containsExactly("async-views",
                "django-orm-deep-dive", "pair-programming", "python-en-espanol", "testing-django-apps");
        assertThat(t.strings("SELECT slug FROM event ORDER BY slug")).containsExactly("fixconf-2019", "fixconf-2021");
    }

    @Test
    void knowsWhichChangesItRecordedAndSeesThemPublishedWhoeverPublishesThem(TestArchive t) {
        t.archive().ensureIndex();
        t.update("DELETE FROM search_change");
        ImportReport report = t.importCorpus(Fixtures.corpusCopy(dir));

        assertThat(report.talksChanged()).isEqualTo(5);
        assertThat(report.changeIds()).containsExactlyInAnyOrderElementsOf(t.longs("SELECT id FROM search_change"));
        t.update("INSERT INTO search_change (talk_id) SELECT min(id) FROM talk"); // a change of someone else's

        // Another publisher (a serve's follower, say) takes one small batch first.
        IndexSync other = new IndexSync(t.jdbi(), t.archive().index(), new TalkDocuments(new org.talkarchive.indexer.TalkVectors(org.talkarchive.text.embedding.MiniLmEmbedder.MODEL)),
                t.archive().reindexer(), Publishing.DEFAULT.withBatchSize(2));
        int takenByOther = other.syncOnce();
        List<long[]> seen = new ArrayList<>();
        IndexSync.Publication publication = t.archive().sync().publish(report.changeIds(),
                (published, changes) -> seen.add(new long[] {published, changes}));

        assertThat(takenByOther).isEqualTo(2);
        assertThat(publication.changes()).isEqualTo(report.changeIds().size());
        assertThat(publication.published()).isEqualTo(report.changeIds().size());
        assertThat(publication.byOthers()).isEqualTo(2);
        assertThat(publication.byThisCall()).isEqualTo(report.changeIds().size() - 2);
        assertThat(t.count("SELECT count(*) FROM search_change")).isZero();
        assertThat(seen.get(0)).containsExactly(2, report.changeIds().size());
        assertThat(seen.get(seen.size() - 1)).containsExactly(report.changeIds().size(), report.changeIds().size());
        t.archive().index().refresh();
        assertThat(t.search().total()).isEqualTo(5);
    }

    @Test
    void honoursNoPublish(TestArchive t) {
        t.importCorpus(Fixtures.corpusCopy(dir));
        assertThat(t.count("SELECT count(*) FROM talk WHERE source_id = 9001")).isZero();
        assertThat(t.count("SELECT count(*) FROM speaker WHERE name = 'Dana Private'")).isZero();
    }

    @Test
    void mergesSpellingsOfOnePersonAndDropsPlaceholders(TestArchive t) {
        t.importCorpus(Fixtures.corpusCopy(dir));
        assertThat(t.strings("SELECT name FROM speaker ORDER BY slug"))
                .containsExactly("Ana García", "Bob Smith", "Carol Jones", "Łukasz Nowak");
        assertThat(t.strings("SELECT unnest(aliases) FROM speaker WHERE slug = 'ana-garcia'"))
                .containsExactly("ana garcía");
        assertThat(t.count("""
                SELECT count(*) FROM talk_speaker ts JOIN speaker s ON s.id = ts.speaker_id
                 WHERE s.slug = 'ana-garcia'""")).isEqualTo(3);
        assertThat(t.strings("""
                SELECT s.name FROM talk t JOIN talk_speaker ts ON ts.talk_id = t.id
                  JOIN speaker s ON s.id = ts.speaker_id WHERE t.slug = 'django-orm-deep-dive' ORDER BY ts.position"""))
                .containsExactly("Ana García", "Bob Smith");
    }

    @Test
    void tagsAreKeyedCaseInsensitivelyWithTheCommonestDisplayForm(TestArchive t) {
        t.importCorpus(Fixtures.corpusCopy(dir));
        assertThat(t.strings("SELECT name || '=' || display_name FROM tag ORDER BY name"))
                .containsExactly("async=Async", "django=Django", "orm=orm", "pytest=pytest", "teams=Teams",
                        "testing=Testing");
    }

    @Test
    void runningTwiceChangesNothing(TestArchive t) {
        Path corpus = Fixtures.corpusCopy(dir);
        t.importCorpus(corpus);
        t.update("DELETE FROM search_change");
        String before = t.strings("SELECT string_agg(id || ':' || updated_at, ',' ORDER BY id) FROM talk").get(0);

        ImportReport second = t.importCorpus(corpus);

        assertThat(second.inserted()).isZero();
        assertThat(second.updated()).isZero();
        assertThat(second.deleted()).isZero();
        assertThat(second.unchanged()).isEqualTo(5);
        assertThat(t.count("SELECT count(*) FROM search_change")).as("nothing to publish").isZero();
        assertThat(t.strings("SELECT string_agg(id || ':' || updated_at, ',' ORDER BY id) FROM talk").get(0))
                .isEqualTo(before);
    }

    @Test
    void aNewerCopyUpdatesChangedTalksAndRemovesVanishedOnes(TestArchive t) throws Exception {
        Path corpus = Fixtures.corpusCopy(dir);
        t.importCorpus(corpus);
        Path talk = corpus.resolve("fixconf-2021/videos/django-orm-deep-dive.json");
        Files.writeString(talk, Files.readString(talk).replace("A deep dive into the Django ORM",
                "The Django ORM, all the way down"));
        Files.delete(corpus.resolve("fixconf-2019/videos/pair-programming.json"));

        ImportReport report = t.importCorpus(corpus);

        assertThat(report.updated()).isEqualTo(1);
        assertThat(report.deleted()).isEqualTo(1);
        assertThat(report.unchanged()).isEqualTo(3);
        assertThat(t.strings("SELECT title FROM talk WHERE slug = 'django-orm-deep-dive'"))
                .containsExactly("The Django ORM, all the way down");
        assertThat(t.count("SELECT count(*) FROM talk WHERE slug = 'pair-programming'")).isZero();
        assertThat(t.count("SELECT count(*) FROM speaker WHERE slug = 'carol-jones'")).as("orphan removed").isZero();
    }

    @Test
    void aTalkThatMovedToAnEarlierEventKeepsItsSourceIdAndLeavesNoWorkTablesBehind(TestArchive t) throws Exception {
        Path corpus = Fixtures.corpusCopy(dir);
        Path talk = corpus.resolve("fixconf-2021/videos/django-orm-deep-dive.json");
        Files.writeString(talk, Files.readString(talk).replaceFirst("\\{", "{\"id\": 4242, "));
        t.importCorpus(corpus);
        // fixconf-2019 is written before fixconf-2021: the talk must be gone from 2021 before it is added to 2019
        Files.move(talk, corpus.resolve("fixconf-2019/videos/django-orm-deep-dive.json"));

        ImportReport report = t.importCorpus(corpus);

        assertThat(report.deleted()).isEqualTo(1);
        assertThat(report.inserted()).isEqualTo(1);
        assertThat(t.strings("SELECT e.slug FROM talk t JOIN event e ON e.id = t.event_id WHERE t.source_id = 4242"))
                .containsExactly("fixconf-2019");
        assertThat(t.count("SELECT count(*) FROM pg_class WHERE relname LIKE 'import\\_%' AND relpersistence = 't'"))
                .as("the survey's temporary tables are dropped").isZero();
    }

    @Test
    void aRecordThatTurnsBadKeepsWhatWasImported(TestArchive t) throws Exception {
        Path corpus = Fixtures.corpusCopy(dir);
        t.importCorpus(corpus);
        Files.writeString(corpus.resolve("fixconf-2021/videos/python-en-espanol.json"), "{ not json");

        ImportReport report = t.importCorpus(corpus);

        assertThat(report.rejections()).anySatisfy(r -> assertThat(r.file().toString()).endsWith("python-en-espanol.json"));
        assertThat(report.deleted()).isZero();
        assertThat(t.count("SELECT count(*) FROM talk WHERE slug = 'python-en-espanol'")).isEqualTo(1);
    }

    @Test
    void aLargeImportRefreshesThePlannersStatistics(TestArchive t) throws Exception {
        Path corpus = dir.resolve("large");
        Files.createDirectories(corpus.resolve("bigconf-2020/videos"));
        Files.writeString(corpus.resolve("bigconf-2020/category.json"), "{\"title\": \"BigConf 2020\"}");
        for (int i = 0; i < 1000; i++) {
            Files.writeString(corpus.resolve("bigconf-2020/videos/talk-" + i + ".json"), """
                    {"title": "Talk %d", "description": "", "recorded": "2020-01-01", "speakers": ["Speaker %d"],
                     "videos": [{"type": "youtube", "url": "https://www.youtube.com/watch?v=v%09d"}]}
                    """.formatted(i, i % 50, i));
        }
        assertThat(t.strings("SELECT coalesce(last_analyze::text, 'never') FROM pg_stat_user_tables WHERE relname = 'talk'"))
                .containsExactly("never");

        assertThat(t.importCorpus(corpus).inserted()).isEqualTo(1000);

        assertThat(t.strings("SELECT coalesce(last_analyze::text, 'never') FROM pg_stat_user_tables WHERE relname = 'talk'"))
                .doesNotContain("never");
    }

    @Test
    void theShippedSampleImportsCleanly(TestArchive t) {
        ImportReport report = t.importCorpus(SampleCorpus.extractTo(dir));
        assertThat(report.rejections()).isEmpty();
        assertThat(report.inserted()).isEqualTo(30);
        assertThat(t.count("SELECT count(DISTINCT event_id) FROM talk")).isEqualTo(7);
        assertThat(t.strings("SELECT DISTINCT extract(year FROM recorded)::int::text FROM talk ORDER BY 1"))
                .containsExactly("2017", "2018", "2019", "2021", "2022", "2023", "2024");
    }
}
