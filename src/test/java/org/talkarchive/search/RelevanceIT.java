package org.talkarchive.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;
import org.talkarchive.testing.Fixtures;
import org.talkarchive.testing.RealEngines;
import org.talkarchive.testing.TestArchive;

/**
 * Words in other inflections, without accents, or with one the talk lacks, on the real engine: the fixture corpus
 * plus an event of talks written for these cases.
 */
@Tag("relevance")
@ExtendWith(RealEngines.class)
class RelevanceIT {

    @TempDir
    Path dir;

    private TestArchive t;

    @BeforeEach
    void load(TestArchive archive) throws IOException {
        this.t = archive;
        Path corpus = Fixtures.corpusCopy(dir);
        Path event = Files.createDirectories(corpus.resolve("relevanceconf-2024/videos"));
        Files.writeString(event.getParent().resolve("category.json"),
                "{\"title\": \"RelevanceConf 2024\", \"start_date\": \"2024-03-01\"}");
        talk(event, "plugins", "Designing extensible software with plugins",
                "How Django's plugin systems are built and tested.", "Marta Kowalska", "eng");
        talk(event, "kubernetes", "Designing extensible software with Kubernetes operators",
                "Controllers, custom resources and reconciliation.", "Ben Okafor", "eng");
        talk(event, "tinkoff", "How Tinkoff.ru serves millions with Python3 and asyncio",
                "Lessons from a bank's backend.", "Ivan Petrov", "eng");
        talk(event, "aprendizaje", "Aprendizaje automático con Python",
                "Una introducción práctica.", "Lucía Fernández", "spa");
        for (int year : new int[] {2022, 2023}) {
            Path streamconf = Files.createDirectories(corpus.resolve("streamconf-" + year + "/videos"));
            Files.writeString(streamconf.getParent().resolve("category.json"),
                    "{\"title\": \"StreamConf " + year + "\", \"start_date\": \"" + year + "-06-01\"}");
            recording(streamconf, "async-python-" + year, "Async Python in production", year + "-06-02", 1_800);
        }
        recording(event, "kowalsky-story", "Marta meets Kowalsky: a story of tests", "2024-03-02", 1_500);
        recording(corpus.resolve("streamconf-2023/videos"), "livestream-day-1", "StreamConf 2023 livestream, day 1",
                "2023-06-01", 8 * 3_600);
        t.importAndPublish(corpus);
    }

    private static void recording(Path videos, String slug, String title, String recorded, int seconds)
            throws IOException {
        Files.writeString(videos.resolve(slug + ".json"), """
                {"title": "%s", "description": "", "recorded": "%s", "duration": %d, "speakers": ["Sam Stream"],
                 "videos": [{"type": "youtube", "url": "https://www.youtube.com/watch?v=%s"}]}
                """.formatted(title, recorded, seconds, (slug.replace("-", "") + "xxxxxxxxxxx").substring(0, 11)));
    }

    private static void talk(Path videos, String slug, String title, String description, String speaker,
                             String language) throws IOException {
        Files.writeString(videos.resolve(slug + ".json"), """
                {"title": "%s", "description": "%s", "recorded": "2024-03-01", "speakers": ["%s"],
                 "language": "%s", "videos": [{"type": "youtube", "url": "https://www.youtube.com/watch?v=%s"}]}
                """.formatted(title, description, speaker, language, (slug + "xxxxxxxxxxx").substring(0, 11)));
    }

    private List<String> slugs(String q) {
        return t.search("q", q).hits().stream().map(h -> h.talk().slug()).toList();
    }

    @Test
    void wordsJoinedByPunctuationOrDigitsAreFoundByTheirParts() {
        assertThat(slugs("tinkoff")).containsExactly("tinkoff");
        assertThat(slugs("tinkoff.ru")).as("as written, too").containsExactly("tinkoff");
        assertThat(slugs("tinkoff asyncio")).containsExactly("tinkoff");
        assertThat(slugs("python 3 asyncio")).first().isEqualTo("tinkoff");
        var hit = t.search("q", "tinkoff").hits().get(0);
        assertThat(hit.titleHtml()).as("marked where it was found").contains("<mark>Tinkoff");
    }

    @Test
    void wordsFindTheirOtherInflections() {
        // Neither is a prefix nor a typo of the title's words: only the stemmed sub-fields find them.
        assertThat(slugs("plugin design")).containsExactly("plugins");
        assertThat(slugs("tests")).contains("testing-django-apps");
    }

    @Test
    void highlightsMarkTheWordsInTheirOtherInflectionsToo() {
        SearchPage page = t.search("q", "plugin design tests");
        SearchPage.Hit plugins = page.hits().get(0);
        assertThat(plugins.talk().slug()).isEqualTo("plugins");
        assertThat(plugins.titleHtml()).isEqualTo("<mark>Designing</mark> extensible software with <mark>plugins</mark>");
        assertThat(plugins.snippetHtml()).contains("<mark>tested</mark>");
    }

    @Test
    void howSomeoneAsksDoesNotStandBetweenThemAndTheTalk() {
        // the words that ask ("i want to learn about", "a talk on") are most of the sentence; the topic decides
        assertThat(slugs("i want to learn about kubernetes operators")).first().isEqualTo("kubernetes");
        assertThat(slugs("a talk on extensible plugin design")).first().isEqualTo("plugins");
    }

    @Test
    void accentsAreFoldedBothWays() {
        assertThat(slugs("aprendizaje automatico")).containsExactly("aprendizaje");
        assertThat(slugs("automático")).containsExactly("aprendizaje");
        assertThat(slugs("lucia fernandez")).containsExactly("aprendizaje");
        assertThat(slugs("lukasz")).containsExactly("python-en-espanol");
    }

    @Test
    void aSentenceInOtherInflectionsFindsTheTalk() {
        // designed → designing, plugin → plugins, tests → tested (description): all five in other forms.
        assertThat(slugs("designed software plugin with tests")).first()
                .isEqualTo("plugins");
    }

    @Test
    void aSentenceWithAWordTheTalkLacksStillFindsItBelowTalksWithEveryWord() {
        assertThat(slugs("designing extensible software with kubernetes")).containsExactly(
                "kubernetes",
                "plugins");
        assertThat(slugs("designing extensible software with plugins")).first()
                .isEqualTo("plugins");
    }

    @Test
    void shortQueriesStillNeedEveryWord() {
        assertThat(slugs("pytest zeppelin")).isEmpty();
        assertThat(slugs("extensible zeppelin software")).isEmpty();
        assertThat(slugs("zeppelin kubernetes quantum pottery")).isEmpty();
    }

    @Test
    void talksRankAboveDayLongStreamsAndAYearRanksThatYearsTalksFirst() {
        // without the weights the stream, whose title names the event and the year, came first
        assertThat(slugs("streamconf 2023")).as("the talk first, the stream last")
                .containsExactly("async-python-2023", "livestream-day-1");
        assertThat(slugs("async python 2022")).containsExactly("async-python-2022");
        // the same talk at both: one result, the newest when the scores tie, naming the other
        SearchPage both = t.search("q", "async python streamconf");
        assertThat(both.hits()).extracting(h -> h.talk().slug()).containsExactly("async-python-2023");
        assertThat(both.hits().get(0).alsoAt()).extracting(s -> s.slug()).containsExactly("async-python-2022");
    }

    @Test
    void aSpeakersNameWithATypoRanksTheirTalksAboveTalksThatContainTheWords() {
        // "Kowalsky" is literally in a title; the speaker is Marta Kowalska
        assertThat(slugs("marta kowalsky")).first().isEqualTo("plugins");
        assertThat(slugs("marta kowalsky")).contains("kowalsky-story");
        assertThat(slugs("marta kowalska")).first().isEqualTo("plugins");
    }
}
