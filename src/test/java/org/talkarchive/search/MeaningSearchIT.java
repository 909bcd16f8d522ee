package org.talkarchive.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.talkarchive.indexer.ConsistencyCheck;
import org.talkarchive.testing.Fixtures;
import org.talkarchive.testing.RealEngines;
import org.talkarchive.testing.TestArchive;

/** Search by meaning on the real engines: vectors computed in this JVM, kept in PostgreSQL, searched by kNN. */
@ExtendWith(RealEngines.class)
class MeaningSearchIT {

    /** Describes the ORM talk without a word of its title or description. */
    private static final String DESCRIBED = "making database queries efficient";
    private static final String ORM_TALK = "django-orm-deep-dive";

    @TempDir
    Path dir;

    private TestArchive t;

    @BeforeEach
    void load(TestArchive archive) {
        this.t = archive;
        t.importAndPublish(Fixtures.corpusCopy(dir));
    }

    private void embedAndPublish() {
        t.archive().vectors().embedAll();
        t.publish();
    }

    private static List<String> slugs(SearchPage page) {
        return page.hits().stream().map(h -> h.talk().slug()).toList();
    }

    @Test
    void wordsAreSearchableAtOnceAndMeaningOnceTheVectorsAreReady() {
        long talks = t.count("SELECT count(*) FROM talk WHERE NOT hidden");
        assertThat(t.count("SELECT count(*) FROM embedding_wanted")).isEqualTo(talks);
        assertThat(slugs(t.search("q", "orm"))).first().isEqualTo("django-orm-deep-dive");
        assertThat(t.search("q", DESCRIBED).hits()).isEmpty();

        embedAndPublish();

        assertThat(t.count("SELECT count(*) FROM embedding_wanted")).isZero();
        SearchPage page = t.search("q", DESCRIBED);
        assertThat(slugs(page)).first().isEqualTo(ORM_TALK);
        assertThat(page.hits().get(0).similarTopic()).isTrue();
        assertThat(page.hits().get(0).snippetHtml()).as("no word to mark: the description's opening")
                .isEqualTo("Querysets, expressions and the SQL they become.");
        assertThat(page.total()).isEqualTo(page.hits().size());
        // the words found nothing: the facets count the talks found by meaning, from the same kNN request
        assertThat(page.facet(FacetField.EVENT).values().stream().mapToLong(SearchPage.FacetValue::count).sum())
                .isEqualTo(page.hits().size());
        assertThat(page.facet(FacetField.EVENT).values()).extracting(SearchPage.FacetValue::value)
                .contains(page.hits().get(0).talk().event().slug());
        // a search whose words match keeps them first, and says nothing of topics for them
        SearchPage words = t.search("q", "orm");
        assertThat(slugs(words)).first().isEqualTo("django-orm-deep-dive");
        assertThat(words.hits().get(0).similarTopic()).isFalse();
    }

    @Test
    void theWordsHitsSayWhetherTheyMatchedEveryWord() throws Exception {
        TalkSearchRequests requests = new TalkSearchRequests(t.alias());
        var every = t.client().search(requests.searchTop(query("django orm"), 10, 1), Void.class);
        assertThat(every.hits().hits().get(0).matchedQueries().keySet())
                .contains("all_words_written", "all_words_stemmed", "all_words_in_title");
        assertThat(WordsQuery.matchedAllWords(every.hits().hits().get(0).matchedQueries().keySet())).isTrue();
        var typo = t.client().search(requests.searchTop(query("djnago"), 10, 1), Void.class);
        assertThat(typo.hits().hits()).isNotEmpty();
        assertThat(typo.hits().hits()).allSatisfy(h ->
                assertThat(WordsQuery.matchedAllWords(h.matchedQueries().keySet())).isFalse());
    }

    @Test
    void gibberishFindsNothingThoughItsVectorHasNeighbours() throws Exception {
        t.importAndPublish(Fixtures.copy("file-name-titles-corpus", dir));
        embedAndPublish();
        String gibberish = "qqqzzzxxy";
        // its vector alone does have talks above the similarity floor: they would be shown as "similar topic"
        MeaningRequests meaningRequests = new MeaningRequests(t.alias());
        float[] vector = new org.talkarchive.text.embedding.MiniLmEmbedder().embed(gibberish);
        assertThat(t.client().search(meaningRequests.nearest(query(gibberish), vector, 30, false), Void.class)
                .hits().hits()).as("the talks nearest the gibberish's vector").isNotEmpty();

        SearchPage page = t.search("q", gibberish);
        assertThat(page.hits()).isEmpty();
        assertThat(page.total()).isZero();
        // a description in words the model knows still finds its talk by meaning
        assertThat(slugs(t.search("q", DESCRIBED))).first().isEqualTo(ORM_TALK);
    }

    private static TalkQuery query(String text) {
        return TalkQuery.parse(java.util.Map.of("q", List.of(text)), java.util.Set.of());
    }

    @Test
    void filtersApplyToMeaningAsToWords() {
        embedAndPublish();
        assertThat(slugs(t.search("q", DESCRIBED, "event", "fixconf-2021"))).first().isEqualTo(ORM_TALK);
        SearchPage other = t.search("q", DESCRIBED, "event", "fixconf-2019");
        assertThat(slugs(other)).doesNotContain(ORM_TALK);
        assertThat(other.hits()).allSatisfy(h -> assertThat(h.talk().event().slug()).isEqualTo("fixconf-2019"));
    }

    @Test
    void aReindexOrARepublishNeverComputesAnUnchangedTalkAgain() {
        embedAndPublish();
        List<String> before = t.strings("SELECT content_hash || created_at FROM talk_embedding ORDER BY 1");
        assertThat(before).isNotEmpty();

        t.archive().reindexer().reindex();
        t.update("UPDATE talk SET duration_seconds = coalesce(duration_seconds, 0) + 1");
        t.publish();

        assertThat(t.count("SELECT count(*) FROM embedding_wanted")).isZero();
        assertThat(t.strings("SELECT content_hash || created_at FROM talk_embedding ORDER BY 1")).isEqualTo(before);
        assertThat(slugs(t.search("q", DESCRIBED))).first().isEqualTo(ORM_TALK);
    }

    @Test
    void aChangedTalkWaitsForItsNewVectorWithoutDriftThenHasIt() {
        embedAndPublish();
        t.update("UPDATE talk SET title = 'Measuring the speed of database queries' WHERE slug = 'async-views'");
        t.publish();
        // its words at once
        assertThat(slugs(t.search("q", "measuring speed"))).containsExactly("async-views");
        ConsistencyCheck.Report waiting = t.archive().consistency().check(50);
        assertThat(waiting.vectorsWaiting()).isEqualTo(1);
        assertThat(waiting.consistent()).as(waiting.summary()).isTrue();

        embedAndPublish();

        ConsistencyCheck.Report done = t.archive().consistency().check(50);
        assertThat(done.vectorsWaiting()).isZero();
        assertThat(done.staleVectors()).isEmpty();
        assertThat(done.consistent()).as(done.summary()).isTrue();
        assertThat(slugs(t.search("q", "how fast are my sql lookups"))).first().isEqualTo("async-views");
    }

    @Test
    void aVectorLostWithoutBeingQueuedIsReportedAsDrift() {
        embedAndPublish();
        t.update("UPDATE talk SET title = title || ' (revised)' WHERE slug = 'async-views'");
        t.publish();
        t.update("DELETE FROM embedding_wanted");
        ConsistencyCheck.Report report = t.archive().consistency().check(50);
        assertThat(report.staleVectors()).hasSize(1);
        assertThat(report.consistent()).isFalse();
    }

    @Test
    void relatedTalksAreNearestInMeaningWithoutTheTalkItself() {
        embedAndPublish();
        long pytest = t.count("SELECT id FROM talk WHERE slug = 'testing-django-apps'");
        var related = t.archive().search().related(pytest, 3);
        assertThat(related).isNotEmpty();
        assertThat(related).noneSatisfy(r -> assertThat(r.id()).isEqualTo(pytest));
        assertThat(related.get(0).slug()).isEqualTo("python-en-espanol");
    }

    @Test
    void moreLikeThisListsTheNearestTalksWithTheFiltersAndFacets() {
        embedAndPublish();
        SearchPage like = t.search("like", "fixconf-2019/testing-django-apps");
        assertThat(like.like().slug()).isEqualTo("testing-django-apps");
        assertThat(slugs(like)).isNotEmpty().doesNotContain("testing-django-apps").first().isEqualTo("python-en-espanol");
        assertThat(like.total()).isEqualTo(like.hits().size());
        assertThat(like.facet(FacetField.EVENT).values()).isNotEmpty();

        SearchPage within = t.search("like", "/talks/fixconf-2019/testing-django-apps", "event", "fixconf-2019");
        assertThat(within.hits()).isNotEmpty().allSatisfy(h -> {
            assertThat(h.talk().event().slug()).isEqualTo("fixconf-2019");
            assertThat(h.talk().slug()).isNotEqualTo("testing-django-apps");
        });
    }

    @Test
    void moreLikeThisBeforeTheVectorsGoesByTheTalksWords() {
        SearchPage like = t.search("like", "fixconf-2021/django-orm-deep-dive");
        assertThat(like.like().slug()).isEqualTo("django-orm-deep-dive");
        assertThat(like.degraded()).isFalse();
        assertThat(slugs(like)).doesNotContain("django-orm-deep-dive");
    }

    @Test
    void moreLikeAnUnknownTalkIsABadRequest() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> t.search("like", "fixconf-2019/no-such-talk"))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("no talk is at");
    }
}
