package org.talkarchive.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.testtools.JavalinTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.talkarchive.config.SiteConfig;
import org.talkarchive.talks.Talks.TalkSummary;
import org.talkarchive.testing.RealEngines;
import org.talkarchive.testing.TestArchive;

/**
 * One talk recorded at several events is one result naming the others; one person under several spellings is one
 * speaker whose other spellings still find their talks and lead to their page.
 */
@ExtendWith(RealEngines.class)
class RecordingsAndAliasesIT {

    @TempDir
    static Path dir;

    private static TestArchive t;

    @BeforeAll
    static void load(TestArchive archive) throws IOException {
        t = archive;
        event("dupconf-2018", "DupConf 2018", "2018-06-01");
        event("dupconf-2019", "DupConf 2019", "2019-06-01");
        talk("dupconf-2018", "python-epiphanies", "Python Epiphanies", "2018-06-02", "Stuart Williams");
        talk("dupconf-2019", "python-epiphanies", "Python Epiphanies", "2019-06-02", "Stuart Williams");
        // the same talk uploaded twice under one event, spelled a little differently
        talk("dupconf-2019", "python-epiphanies-2", "PYTHON epiphanies!", "2019-06-03", "stuart williams");
        // same title, another speaker: another talk
        talk("dupconf-2019", "python-epiphanies-redux", "Python Epiphanies", "2019-06-04", "Ana Lopez");
        // no speakers named: never folded together, whatever the title
        talk("dupconf-2018", "lightning-1", "Lightning talks", "2018-06-02");
        talk("dupconf-2019", "lightning-2", "Lightning talks", "2019-06-02");
        talk("dupconf-2018", "teaching", "Teaching programming", "2018-06-03", "Dr. Greg Wilson");
        talk("dupconf-2019", "software-carpentry", "Software carpentry lessons", "2019-06-05",
                "Greg Wilson (keynote)");
        talk("dupconf-2019", "twisted", "Twisted internals", "2019-06-06", "Amber Brown (\"HawkOwl\")");
        // two talks until one is renamed to the other's title (theCountFollowsATalkThatBecomesARecordingOfAnother)
        talk("dupconf-2018", "rustaceans", "Rust for Pythonistas", "2018-06-04", "Kim Ode");
        talk("dupconf-2019", "rustaceans-live", "Rust for Pythonistas, live", "2019-06-07", "Kim Ode");
        assertThat(t.importAndPublish(dir).rejections()).isEmpty();
    }

    private static void event(String slug, String title, String start) throws IOException {
        Files.createDirectories(dir.resolve(slug).resolve("videos"));
        Files.writeString(dir.resolve(slug).resolve("category.json"),
                "{\"title\": \"" + title + "\", \"start_date\": \"" + start + "\"}");
    }

    private static void talk(String event, String slug, String title, String recorded, String... speakers)
            throws IOException {
        String names = String.join(", ", List.of(speakers).stream()
                .map(s -> "\"" + s.replace("\"", "\\\"") + "\"").toList());
        Files.writeString(dir.resolve(event).resolve("videos").resolve(slug + ".json"), """
                {"title": "%s", "description": "", "recorded": "%s", "speakers": [%s], "language": "eng",
                 "videos": [{"type": "youtube", "url": "https://www.youtube.com/watch?v=%s"}]}
                """.formatted(title, recorded, names, (slug + "xxxxxxxxxxx").substring(0, 11)));
    }

    private static List<String> events(List<TalkSummary> talks) {
        return talks.stream().map(s -> s.event().slug() + "/" + s.slug()).toList();
    }

    @Test
    void recordingsOfOneTalkAreOneResultNamingTheOthers() {
        SearchPage page = t.search("q", "epiphanies", "per_page", "10");

        assertThat(page.hits()).hasSize(2); // Stuart Williams's talk, and Ana Lopez's
        assertThat(page.total()).as("the count counts talks, not recordings").isEqualTo(2);
        SearchPage.Hit stuart = page.hits().stream()
                .filter(h -> h.talk().speakers().get(0).slug().equals("stuart-williams")).findFirst().orElseThrow();
        List<String> all = new java.util.ArrayList<>(events(stuart.alsoAt()));
        all.add(stuart.talk().event().slug() + "/" + stuart.talk().slug());
        assertThat(all).containsExactlyInAnyOrder("dupconf-2018/python-epiphanies",
                "dupconf-2019/python-epiphanies", "dupconf-2019/python-epiphanies-2");
        assertThat(stuart.alsoAt()).as("the others, newest first").hasSize(2)
                .isSortedAccordingTo((a, b) -> b.recorded().compareTo(a.recorded()));
        SearchPage.Hit ana = page.hits().stream().filter(h -> h != stuart).findFirst().orElseThrow();
        assertThat(ana.alsoAt()).isEmpty();
    }

    @Test
    void theSameTitleFoldsCaseAccentsAndPunctuationAndKeepsOtherScripts() {
        assertThat(t.strings("SELECT talk_title_key('  Łukasz''s TALK: Ça va?! ')")).containsExactly("lukasz-s-talk-ca-va");
        assertThat(t.strings("SELECT talk_title_key('深度学习 入门')")).containsExactly("深度学习-入门");
        assertThat(t.strings("SELECT talk_title_key('!!!')")).containsExactly("");
        assertThat(t.strings("""
                SELECT duplicate_key FROM talk_projection p JOIN event e ON e.id = p.event_id
                 WHERE e.slug = 'dupconf-2019' AND p.slug IN ('python-epiphanies-2', 'lightning-2') ORDER BY p.slug"""))
                .as("the key the engine collapses on").hasSize(2)
                .satisfies(keys -> assertThat(keys.get(0)).startsWith("#"))
                .satisfies(keys -> assertThat(keys.get(1)).isEqualTo("python-epiphanies|stuart-williams"));
    }

    @Test
    void talksWithoutSpeakersAreNeverFoldedTogether() {
        SearchPage page = t.search("q", "lightning");
        assertThat(page.hits()).extracting(h -> h.talk().slug()).containsExactlyInAnyOrder("lightning-1", "lightning-2");
        assertThat(page.total()).isEqualTo(2);
    }

    @Test
    void browsingCountsTalksOnceAndFacetsCountEveryRecording() {
        SearchPage all = t.search();
        assertThat(all.total()).as("11 recordings of 9 talks").isEqualTo(9);
        assertThat(all.hits()).hasSize(9);
        long recordings = all.facet(FacetField.EVENT).values().stream().mapToLong(SearchPage.FacetValue::count).sum();
        assertThat(recordings).isEqualTo(11);
    }

    /**
     * The engine counts distinct talks among the recordings marked as having another; a talk that becomes another
     * recording of a talk already indexed marks that one too when it is published, or the two would count twice.
     */
    @Test
    void theCountFollowsATalkThatBecomesARecordingOfAnother() {
        assertThat(t.search("q", "pythonistas").total()).isEqualTo(2);
        try {
            t.update("UPDATE talk SET title = 'Rust for pythonistas!' WHERE slug = 'rustaceans-live'");
            t.publish();
            SearchPage renamed = t.search("q", "pythonistas");
            assertThat(renamed.hits()).hasSize(1);
            assertThat(renamed.total()).as("one talk, recorded twice").isEqualTo(1);
            assertThat(renamed.hits().get(0).alsoAt()).hasSize(1);
            assertThat(t.search("q", "pythonistas", "year", "2018").total()).as("a filter leaving one recording")
                    .isEqualTo(1);
        } finally {
            t.update("UPDATE talk SET title = 'Rust for Pythonistas, live' WHERE slug = 'rustaceans-live'");
            t.publish();
        }
        assertThat(t.search("q", "pythonistas").total()).as("two talks again (the mark may stay: the count is right)")
                .isEqualTo(2);
    }

    /**
     * The recording keys are stored (talk_recording_key) and kept by triggers: bulk SQL on talks, their speakers and
     * speakers' slugs leaves them equal to the keys computed afresh, and the other recordings follow.
     */
    @Test
    void theStoredRecordingKeysFollowBulkSql() {
        String stale = """
                SELECT count(*) FROM talk t LEFT JOIN talk_recording_key k ON k.talk_id = t.id
                 WHERE k.talk_id IS NULL OR k.title_key IS DISTINCT FROM talk_title_key(t.title)
                    OR k.speaker_key IS DISTINCT FROM talk_speaker_key(t.id)""";
        String others = """
                SELECT count(*) FROM talk_other_recordings((SELECT id FROM talk WHERE slug = 'python-epiphanies-redux'))""";
        String ana = "(SELECT id FROM speaker WHERE slug = 'ana-lopez')";
        String stuart = "(SELECT id FROM speaker WHERE slug = 'stuart-williams')";
        String redux = "(SELECT id FROM talk WHERE slug = 'python-epiphanies-redux')";
        assertThat(t.count(stale)).isZero();
        assertThat(t.count(others)).as("Ana Lopez's talk of the same title is another talk").isZero();
        t.jdbi().useTransaction(h -> { // TRUNCATE fires no row or statement triggers: its own one clears the keys
            h.execute("TRUNCATE talk_speaker");
            assertThat(h.createQuery(stale).mapTo(Long.class).one()).isZero();
            h.rollback();
        });
        try {
            t.update("UPDATE talk_speaker SET speaker_id = " + stuart + " WHERE talk_id = " + redux);
            assertThat(t.count(stale)).isZero();
            assertThat(t.count(others)).as("now Stuart Williams's, a fourth recording").isEqualTo(3);
            t.update("UPDATE speaker SET slug = 'stuart-williams-renamed' WHERE slug = 'stuart-williams'");
            assertThat(t.count(stale)).isZero();
            assertThat(t.count(others)).isEqualTo(3);
            t.update("UPDATE talk SET title = 'Python epiphanies, again' WHERE id = " + redux);
            assertThat(t.count(stale)).isZero();
            assertThat(t.count(others)).as("retitled, it is another talk again").isZero();
        } finally {
            t.update("UPDATE speaker SET slug = 'stuart-williams' WHERE slug = 'stuart-williams-renamed'");
            t.update("UPDATE talk SET title = 'Python Epiphanies' WHERE id = " + redux);
            t.update("DELETE FROM talk_speaker WHERE talk_id = " + redux);
            assertThat(t.count(stale)).as("a talk without speakers has no speaker key").isZero();
            t.update("INSERT INTO talk_speaker (talk_id, speaker_id, position) VALUES (" + redux + ", " + ana + ", 0)");
            t.publish();
        }
        assertThat(t.count(stale)).isZero();
        assertThat(t.count(others)).isZero();
    }

    @Test
    void decoratedSpellingsAreOnePersonWithAliases() {
        assertThat(t.strings("SELECT slug FROM speaker WHERE slug LIKE '%wilson%' ORDER BY slug"))
                .containsExactly("greg-wilson");
        assertThat(t.strings("SELECT name FROM speaker WHERE slug = 'greg-wilson'")).containsExactly("Greg Wilson");
        assertThat(t.strings("SELECT unnest(aliases) FROM speaker WHERE slug = 'greg-wilson' ORDER BY 1"))
                .containsExactly("Dr. Greg Wilson", "Greg Wilson (keynote)");
        assertThat(t.search("speaker", "greg-wilson").total()).isEqualTo(2);
    }

    @Test
    void aSpellingKeptAsAnAliasStillFindsThePersonsTalks() {
        SearchPage page = t.search("q", "hawkowl");
        assertThat(page.hits()).extracting(h -> h.talk().slug()).containsExactly("twisted");
        assertThat(page.hits().get(0).talk().speakers().get(0).name()).isEqualTo("Amber Brown");
    }

    @Test
    void suggestionsNameEachTalkOnceAndFindOtherInflections() {
        JavalinTest.test(t.archive().web(Optional.empty(), SiteConfig.local(7070)), (server, client) -> {
            // "epiphany" is neither a prefix of "Epiphanies" nor within the typo distance: the stem finds it
            String body = client.get("/api/suggest?q=python%20epiphany").body().string();
            JsonNode suggestions = new ObjectMapper().readTree(body).path("suggestions");
            List<String> talks = new java.util.ArrayList<>();
            suggestions.forEach(s -> {
                if (s.path("kind").asText().equals("TALK")) {
                    talks.add(s.path("url").asText());
                }
            });
            assertThat(talks).as("Stuart Williams's three recordings once, Ana Lopez's talk once").hasSize(2);
        });
    }

    @Test
    void theAddressOfAFoldedSpellingLeadsToThePerson() {
        JavalinTest.test(t.archive().web(Optional.empty(), SiteConfig.local(7070)), (server, client) -> {
            HttpClient http = HttpClient.newHttpClient(); // does not follow redirects: the 301 itself is checked
            for (String[] c : new String[][] {
                    {"/speakers/dr-greg-wilson", "/speakers/greg-wilson"},
                    {"/speakers/Greg-Wilson-Keynote", "/speakers/greg-wilson"},
                    {"/speakers/amber-brown-hawkowl", "/speakers/amber-brown"}}) {
                HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + server.port() + c[0])).build(),
                        HttpResponse.BodyHandlers.discarding());
                assertThat(answer.statusCode()).as(c[0]).isEqualTo(301);
                assertThat(answer.headers().firstValue("Location")).as(c[0]).contains(c[1]);
            }
            assertThat(client.get("/speakers/greg-wilson").body().string()).contains("Greg Wilson");
            assertThat(client.get("/?q=epiphanies").body().string()).contains("Also at:", "DupConf 2018");
        });
    }
}
