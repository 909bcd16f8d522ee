package org.talkarchive.web;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.javalin.testtools.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.parallel.Isolated;
import org.postgresql.ds.PGSimpleDataSource;
import org.talkarchive.config.SiteConfig;
import org.talkarchive.Archive;
import org.talkarchive.infra.elasticsearch.ElasticsearchClients;
import org.talkarchive.search.SearchPage;
import org.talkarchive.testing.Fixtures;
import org.talkarchive.testing.OpenApiConformance;
import org.talkarchive.testing.RealEngines;
import org.talkarchive.testing.TestArchive;
import static org.talkarchive.testing.Responses.header;

/**
 * The site with one engine out of reach (a loopback port where nothing listens): with Elasticsearch gone, searches
 * come from PostgreSQL and say so, talk pages render without related talks, downloads answer 503; with PostgreSQL
 * gone, pages answer 503 with Retry-After within about two seconds.
 */
@Isolated("It asserts how fast pages answer without PostgreSQL; it takes two seconds")
@Tag("fault")
@ExtendWith(RealEngines.class)
class DegradedModeIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpenApiConformance spec = OpenApiConformance.load();

    private TestArchive t;
    private ElasticsearchClient deadEngine;
    private Archive withoutEngine;

    @BeforeEach
    void load(TestArchive archive) throws Exception {
        t = archive;
        t.importAndPublish(Fixtures.corpus());
        deadEngine = ElasticsearchClients.create("http://127.0.0.1:" + closedPort(), Optional.empty());
        withoutEngine = new Archive(Archive.Engines.shared(t.dataSource(), deadEngine), Archive.Settings.of(t.alias()));
    }

    @AfterEach
    void close() throws Exception {
        deadEngine.close();
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort(); // closed again when this returns: connections are refused
        }
    }

    @Test
    void withoutElasticsearchSearchesComeFromPostgresAndSaySo() {
        SearchPage engine = t.search("q", "django", "sort", "newest");
        Javalin app = withoutEngine.web(Optional.empty(), SiteConfig.local(7070));
        JavalinTest.test(app, (server, client) -> {
            Response api = client.get("/api/talks?q=django&sort=newest");
            assertThat(api.code()).isEqualTo(200);
            String text = api.body().string();
            assertThat(spec.problems("GET", "/api/talks", api, text)).as("as described").isEmpty();
            JsonNode body = JSON.readTree(text);
            assertThat(body.path("degraded").asBoolean()).isTrue();
            List<String> slugs = body.path("hits").findValuesAsText("slug");
            // PostgreSQL's matching differs in detail (no typo tolerance, stemming); it finds the plain matches
            assertThat(slugs).isNotEmpty().containsAnyElementsOf(
                    engine.hits().stream().map(h -> h.talk().slug()).toList());
            assertThat(body.path("facets").findValuesAsText("name")).contains("event", "year", "speaker", "tag");

            Response filtered = client.get("/api/talks?year=2019");
            JsonNode year = JSON.readTree(filtered.body().string());
            assertThat(year.path("total").asLong()).isEqualTo(t.search("year", "2019").total());

            Response page = client.get("/?q=django");
            assertThat(page.code()).isEqualTo(200);
            assertThat(page.body().string()).contains("id=\"degraded\"");

            String talkPath = engine.hits().get(0).talk().path();
            Response talk = client.get(talkPath);
            assertThat(talk.code()).as("a talk page needs no engine").isEqualTo(200);
            String speaker = engine.hits().get(0).talk().speakers().get(0).slug();
            String event = engine.hits().get(0).talk().event().slug();
            for (String browsed : List.of("/speakers/" + speaker, "/events/" + event, "/events", "/speakers",
                    "/api/speakers/" + speaker, "/sitemap.xml")) {
                assertThat(client.get(browsed).code()).as(browsed + " needs no engine").isEqualTo(200);
            }

            Response suggest = client.get("/api/suggest?q=dj");
            assertThat(suggest.code()).isEqualTo(200);

            Response csv = client.get("/export/talks.csv?q=django");
            assertThat(csv.code()).isEqualTo(503);
            assertThat(header(csv, "Retry-After")).isNotBlank();

            // Still ready: PostgreSQL answers every search meanwhile. Taking the node out of a load balancer would
            // take them all out at once; DEGRADED is what tells the operator.
            Response ready = client.get("/ready");
            assertThat(ready.code()).isEqualTo(200);
            assertThat(header(ready, "Retry-After")).isNull();
            String report = ready.body().string();
            assertThat(spec.problems("GET", "/ready", ready, report)).as("as described").isEmpty();
            JsonNode readiness = JSON.readTree(report);
            assertThat(readiness.path("status").asText()).isEqualTo("DEGRADED");
            assertThat(readiness.at("/components/postgres/status").asText()).isEqualTo("UP");
            assertThat(readiness.at("/components/elasticsearch/status").asText()).isEqualTo("DOWN");
            assertThat(readiness.at("/components/elasticsearch/details/error").asText()).isNotBlank();
            Response live = client.get("/health");
            assertThat(live.code()).isEqualTo(200);
            assertThat(JSON.readTree(live.body().string()).path("status").asText()).isEqualTo("UP");
        });
    }

    @Test
    void withoutPostgresPagesAnswer503WithRetryAfterQuickly() throws Exception {
        PGSimpleDataSource gone = new PGSimpleDataSource();
        gone.setUrl("jdbc:postgresql://127.0.0.1:" + closedPort() + "/postgres");
        gone.setConnectTimeout(1);
        Archive withoutDatabase = new Archive(
                new Archive.Engines(t.dataSource(), gone, t.client(), t.client(), Map::of, () -> { }),
                Archive.Settings.of(t.alias()));
        Javalin app = withoutDatabase.web(Optional.empty(), SiteConfig.local(7070));
        JavalinTest.test(app, (server, client) -> {
            for (String path : List.of("/api/talks?q=django", "/?q=django", "/api/suggest?q=dj",
                    "/talks/djangocon-us-2019/async-views", "/api/talks/1")) {
                long started = System.nanoTime();
                Response response = client.get(path);
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertThat(response.code()).as(path).isEqualTo(503);
                assertThat(header(response, "Retry-After")).as(path).isEqualTo("5");
                assertThat(millis).as(path + " answered within").isLessThan(2_000);
                if (path.startsWith("/api/")) {
                    assertThat(spec.problems("GET", path, response, response.body().string())).as(path).isEmpty();
                }
            }
            Response ready = client.get("/ready");
            assertThat(ready.code()).isEqualTo(503);
            assertThat(header(ready, "Retry-After")).isEqualTo("5");
            String report = ready.body().string();
            assertThat(spec.problems("GET", "/ready", ready, report)).as("as described").isEmpty();
            JsonNode readiness = JSON.readTree(report);
            assertThat(readiness.path("status").asText()).isEqualTo("DOWN");
            assertThat(readiness.at("/components/postgres/status").asText()).isEqualTo("DOWN");
            Response live = client.get("/health");
            assertThat(live.code()).as("liveness asks no engine").isEqualTo(200);
            assertThat(JSON.readTree(live.body().string()).path("status").asText()).isEqualTo("UP");
        });
    }
}
