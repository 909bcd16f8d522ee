package org.talkarchive.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.javalin.testtools.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.talkarchive.config.SiteConfig;
import org.talkarchive.talks.Catalog;
import org.talkarchive.talks.TalkRepository;
import org.talkarchive.testing.Fixtures;
import org.talkarchive.testing.RealEngines;
import org.talkarchive.testing.TestArchive;

/**
 * The indexes of events and speakers a page at a time ({@code ?page=N}), on the real engines: every series and
 * speaker on exactly one page, in order, links both ways that keep the letter or the filter, counts of the whole
 * list, the JSON twin of each page, and 400 for a page that is not there. The sample corpus gets enough events
 * (120 meetups, a series each) and speakers (205 under "p") for several pages.
 */
@ExtendWith(RealEngines.class)
class IndexPagingIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BASE = SiteConfig.local(7070).base();
    private static final int SERIES_PER_PAGE = 50;
    private static final int SPEAKERS_PER_PAGE = 200;
    private static final int PAGER_PEOPLE = 205;

    private static TestArchive t;
    private Javalin app;

    @BeforeAll
    static void load(TestArchive archive) {
        t = archive;
        t.importCorpus(Fixtures.corpus());
        for (int i = 1; i <= 120; i++) {
            String n = String.format("%03d", i);
            t.update("INSERT INTO event (slug, title) VALUES (?, ?)", "paging-meetup-" + n, "Paging Meetup " + n);
        }
        long talk = t.count("SELECT id FROM talk WHERE slug = 'testing-django-apps'");
        for (int i = 1; i <= PAGER_PEOPLE; i++) {
            String n = String.format("%03d", i);
            t.update("INSERT INTO speaker (name, slug) VALUES (?, ?)", "Pager Person " + n, "pager-person-" + n);
            t.update("""
                    INSERT INTO talk_speaker (talk_id, speaker_id, position)
                    SELECT ?, id, 100 + ? FROM speaker WHERE slug = ?
                    """, talk, i, "pager-person-" + n);
        }
        t.archive().ensureIndex();
        t.publish();
    }

    @BeforeEach
    void serve() {
        app = t.archive().web(Optional.empty(), SiteConfig.local(7070));
    }

    @Test
    void theEventsComeInPagesOfSeriesEachListedOnceWithTheCountsOfAll() {
        List<String> series = new Catalog(t.jdbi(), new TalkRepository(t.jdbi())).series().stream()
                .map(Catalog.Series::slug).toList();
        int pages = (series.size() + SERIES_PER_PAGE - 1) / SERIES_PER_PAGE;
        long events = t.count("SELECT count(*) FROM event");
        assertThat(pages).isGreaterThanOrEqualTo(3);
        JavalinTest.test(app, (server, client) -> {
            List<String> listed = new ArrayList<>();
            long eventsListed = 0;
            for (int page = 1; page <= pages; page++) {
                JsonNode api = json(client.get("/api/events" + (page == 1 ? "" : "?page=" + page)));
                assertThat(api.path("page").asInt()).isEqualTo(page);
                assertThat(api.path("pages").asInt()).isEqualTo(pages);
                assertThat(api.path("series_count").asInt()).isEqualTo(series.size());
                assertThat(api.path("event_count").asLong()).isEqualTo(events);
                assertThat(api.path("series").size()).isLessThanOrEqualTo(SERIES_PER_PAGE);
                for (JsonNode s : api.path("series")) {
                    listed.add(s.path("slug").asText());
                    eventsListed += s.path("events").size();
                }
            }
            assertThat(listed).as("every series once, A–Z across the pages").containsExactlyElementsOf(series);
            assertThat(eventsListed).isEqualTo(events);

            String first = client.get("/events").body().string();
            assertThat(first).contains(events + " events in " + series.size() + " series, A–Z, 50 on this page.",
                    "Page 1 of " + pages, "rel=\"next\" href=\"/events?page=2\"", "href=\"/api/events\"",
                    "<link rel=\"canonical\" href=\"" + BASE + "/events\">").doesNotContain("rel=\"prev\"");
            String second = client.get("/events?page=2").body().string();
            assertThat(second).contains("Page 2 of " + pages, "rel=\"prev\" href=\"/events\"",
                    "rel=\"next\" href=\"/events?page=3\"", "href=\"/api/events?page=2\"",
                    "<link rel=\"canonical\" href=\"" + BASE + "/events?page=2\">",
                    "id=\"series-" + series.get(SERIES_PER_PAGE) + "\"")
                    .doesNotContain("id=\"series-" + series.get(0) + "\"");
            String last = client.get("/events?page=" + pages).body().string();
            assertThat(last).contains("rel=\"prev\" href=\"/events?page=" + (pages - 1) + "\"",
                    "id=\"series-" + series.get(series.size() - 1) + "\"").doesNotContain("rel=\"next\"");
        });
    }

    @Test
    void aPageThatIsNotThereIsABadParameterNamedInHtmlAndJson() {
        int pages = (new Catalog(t.jdbi(), new TalkRepository(t.jdbi())).series().size() + SERIES_PER_PAGE - 1)
                / SERIES_PER_PAGE;
        JavalinTest.test(app, (server, client) -> {
            for (String page : List.of("0", "-1", "two", "1.5", "99999999999", String.valueOf(pages + 1))) {
                Response html = client.get("/events?page=" + page);
                assertThat(html.code()).as(page).isEqualTo(400);
                assertThat(html.body().string()).as(page).contains("The parameter “page”");
                for (String api : List.of("/api/events?page=" + page, "/api/speakers?letter=p&page=" + page)) {
                    Response response = client.get(api);
                    assertThat(response.code()).as(api).isEqualTo(400);
                    JsonNode body = JSON.readTree(response.body().string());
                    assertThat(body.path("error").asText()).isEqualTo("invalid_parameter");
                    assertThat(body.path("parameter").asText()).as(api).isEqualTo("page");
                }
            }
            Response past = client.get("/api/events?page=" + (pages + 1));
            assertThat(JSON.readTree(past.body().string()).path("reason").asText())
                    .isEqualTo("must be from 1 to " + pages + " (the pages there are), was " + (pages + 1));
            assertThat(client.get("/speakers?letter=p&page=3").body().string())
                    .contains("must be from 1 to 2", "href=\"/speakers?letter=p\"");
            assertThat(client.get("/events?letter=a").code()).isEqualTo(400);
            // a filter nothing matches is one empty page, not an error
            JsonNode none = json(client.get("/api/speakers?q=zzzzzz"));
            assertThat(none.path("pages").asInt()).isEqualTo(1);
            assertThat(none.path("speaker_count").asInt()).isZero();
            assertThat(none.path("more").asBoolean()).isFalse();
        });
    }

    @Test
    void speakersComeInPagesThatKeepTheLetterOrTheFilter() {
        List<String> underP = t.strings("""
                SELECT s.slug FROM speaker s WHERE left(s.slug, 1) = 'p'
                   AND EXISTS (SELECT 1 FROM visible_talk_speaker ts WHERE ts.speaker_id = s.id)
                 ORDER BY s.slug
                """);
        assertThat(underP.size()).isGreaterThan(SPEAKERS_PER_PAGE).isLessThanOrEqualTo(2 * SPEAKERS_PER_PAGE);
        JavalinTest.test(app, (server, client) -> {
            JsonNode one = json(client.get("/api/speakers?letter=p"));
            JsonNode two = json(client.get("/api/speakers?letter=p&page=2"));
            List<String> listed = new ArrayList<>(one.path("speakers").findValuesAsText("slug"));
            listed.addAll(two.path("speakers").findValuesAsText("slug"));
            assertThat(listed).as("every speaker under P once, A–Z across the pages").containsExactlyElementsOf(underP);
            assertThat(one.path("speakers").size()).isEqualTo(SPEAKERS_PER_PAGE);
            assertThat(one.path("more").asBoolean()).isTrue();
            assertThat(two.path("more").asBoolean()).isFalse();
            for (JsonNode page : List.of(one, two)) {
                assertThat(page.path("pages").asInt()).isEqualTo(2);
                assertThat(page.path("speaker_count").asInt()).isEqualTo(underP.size());
                assertThat(page.path("letter").asText()).isEqualTo("p");
            }
            assertThat(two.path("page").asInt()).isEqualTo(2);

            String first = client.get("/speakers?letter=P").body().string();
            assertThat(first).contains("Speakers under “P”: " + underP.size() + ", 200 on this page.", "Page 1 of 2",
                    "rel=\"next\" href=\"/speakers?letter=p&amp;page=2\"", "href=\"/api/speakers?letter=p\"",
                    "href=\"/speakers/" + underP.get(0) + "\"")
                    .doesNotContain("rel=\"prev\"", "href=\"/speakers/" + underP.get(SPEAKERS_PER_PAGE) + "\"");
            String second = client.get("/speakers?letter=p&page=2").body().string();
            assertThat(second).contains("Page 2 of 2", "rel=\"prev\" href=\"/speakers?letter=p\"",
                    "href=\"/api/speakers?letter=p&amp;page=2\"",
                    "<link rel=\"canonical\" href=\"" + BASE + "/speakers?letter=p&amp;page=2\">",
                    "href=\"/speakers/" + underP.get(underP.size() - 1) + "\"")
                    .doesNotContain("rel=\"next\"", "href=\"/speakers/" + underP.get(0) + "\"");

            // the filter's words stay in the links; its 205 speakers are 200, then 5
            String filtered = client.get("/speakers?q=Pager+Person").body().string();
            assertThat(filtered).contains("Speakers named like “Pager Person”: 205, 200 on this page.",
                    "rel=\"next\" href=\"/speakers?q=Pager%20Person&amp;page=2\"", "value=\"Pager Person\"");
            JsonNode rest = json(client.get("/api/speakers?q=Pager%20Person&page=2"));
            assertThat(rest.path("speakers").findValuesAsText("slug"))
                    .containsExactly("pager-person-201", "pager-person-202", "pager-person-203", "pager-person-204",
                            "pager-person-205");
            assertThat(rest.path("speaker_count").asInt()).isEqualTo(PAGER_PEOPLE);
            assertThat(client.get("/speakers?q=Pager%20Person&page=2").body().string())
                    .contains("rel=\"prev\" href=\"/speakers?q=Pager%20Person\"", "Page 2 of 2");

            // a letter with one page has no pager
            String single = client.get("/speakers?letter=b").body().string();
            assertThat(single).contains("href=\"/speakers/bob-smith\"").doesNotContain("aria-label=\"Pages\"");
        });
    }

    private static JsonNode json(Response response) throws Exception {
        assertThat(response.code()).isEqualTo(200);
        return JSON.readTree(response.body().string());
    }
}
