package org.talkarchive.web.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.talkarchive.Archive;
import org.talkarchive.config.SiteConfig;
import org.talkarchive.testing.Fixtures;
import org.talkarchive.testing.RealEngines;
import org.talkarchive.testing.TestArchive;

/**
 * Reindex and consistency check as jobs through the admin API, on the real engines: 202 with the job's URL, its
 * progress, one reindex at a time, cooperative cancel that leaves the live index serving, and jobs that outlive
 * the process that ran them (a restart reads them back; one whose process died reads as interrupted).
 */
@ExtendWith(RealEngines.class)
class AdminJobsApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "jobs-token-0123456789abcdefghijklmnop";

    private TestArchive t;
    private Javalin app;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start(TestArchive archive) {
        t = archive;
        t.importAndPublish(Fixtures.sampleCorpus());
        app = serve(t.archive());
    }

    private static Javalin serve(Archive archive) {
        return archive.web(Optional.of(TOKEN), SiteConfig.local(7070)).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop();
        }
    }

    @Test
    void aReindexJobReportsProgressRefusesASecondStartAndCancelsLeavingTheLiveIndexServing() throws Exception {
        Set<String> live = t.archive().index().indicesBehindAlias();
        long hits = json(get("/api/talks?q=django")).path("total").asLong();
        assertThat(hits).isPositive();

        HttpResponse<String> started;
        String location;
        // The snapshot's first reads wait on this lock, so the job is held in "copying", its new index created.
        try (Connection c = t.dataSource().getConnection(); Statement hold = c.createStatement()) {
            c.setAutoCommit(false);
            hold.execute("LOCK TABLE search_reindex_request IN ACCESS EXCLUSIVE MODE");

            started = send("POST", "/api/admin/reindex", TOKEN);
            assertThat(started.statusCode()).isEqualTo(202);
            location = started.headers().firstValue("Location").orElseThrow();
            assertThat(location).matches("/api/admin/jobs/\\d+");
            JsonNode job = json(started);
            assertThat(job.path("url").asText()).isEqualTo(location);
            assertThat(job.path("kind").asText()).isEqualTo("reindex");
            assertThat(job.path("state").asText()).isEqualTo("running");
            assertThat(job.path("phase").asText()).isEqualTo("copying");
            assertThat(job.path("started_by").asText()).isEqualTo("admin token");
            assertThat(job.path("started_at").asText()).isNotEmpty();
            assertThat(job.path("finished_at").isNull()).isTrue();
            assertThat(job.has("done") && job.has("total") && job.has("rate_per_second")).isTrue();
            assertThat(job.path("errors")).isEmpty();
            assertThat(t.archive().index().ownIndices()).as("the half-built index beside the live one").hasSize(2);

            HttpResponse<String> second = send("POST", "/api/admin/reindex", TOKEN);
            assertThat(second.statusCode()).isEqualTo(409);
            assertThat(json(second).path("job").asText()).as("the running job's URL").isEqualTo(location);

            JsonNode read = json(get(location));
            assertThat(read.path("id").asLong()).isEqualTo(job.path("id").asLong());
            assertThat(read.path("state").asText()).isEqualTo("running");
            assertThat(json(get("/api/admin/jobs")).path("jobs").findValuesAsText("url")).contains(location);
            assertThat(json(get("/api/talks?q=django")).path("total").asLong()).as("searches meanwhile")
                    .isEqualTo(hits);

            HttpResponse<String> cancel = send("DELETE", location, TOKEN);
            assertThat(cancel.statusCode()).isEqualTo(202);
            assertThat(json(cancel).path("cancel_requested").asBoolean()).isTrue();
            c.commit(); // lets the reindex go on: it stops at its first document
        }

        JsonNode ended = awaitEnd(location);
        assertThat(ended.path("state").asText()).isEqualTo("cancelled");
        assertThat(ended.path("phase").asText()).isEqualTo("cancelled");
        assertThat(ended.path("finished_at").asText()).isNotEmpty();
        assertThat(t.archive().index().indicesBehindAlias()).as("the old index stays live").isEqualTo(live);
        assertThat(t.archive().index().ownIndices()).as("the half-built index is deleted").isEqualTo(live);
        assertThat(json(get("/api/talks?q=django")).path("total").asLong()).isEqualTo(hits);
        assertThat(t.count("SELECT count(*) FROM search_index_build")).as("its build unregistered").isZero();

        assertThat(send("DELETE", location, TOKEN).statusCode()).as("cancelling a finished job").isEqualTo(409);
        assertThat(t.strings("SELECT action || ' by ' || actor || ' on ' || subject FROM admin_audit ORDER BY id"))
                .containsSubsequence("reindex.start by admin token on job " + ended.path("id").asLong(),
                        "job.cancel by admin token on job " + ended.path("id").asLong(),
                        "reindex.finish by admin token on job " + ended.path("id").asLong());
        assertThat(t.strings("SELECT after->>'state' FROM admin_audit WHERE action = 'reindex.finish'"))
                .containsExactly("cancelled");

        // and a reindex started afterwards runs to the end
        JsonNode done = awaitEnd(send("POST", "/api/admin/reindex", TOKEN).headers().firstValue("Location").orElseThrow());
        assertThat(done.path("state").asText()).isEqualTo("done");
        assertThat(t.archive().index().indicesBehindAlias()).isNotEqualTo(live);
    }

    @Test
    void aFinishedJobReadsTheSameAfterARestartAndOneWhoseProcessDiedReadsAsInterrupted() throws Exception {
        Set<String> before = t.archive().index().indicesBehindAlias();
        long talks = t.count("SELECT count(*) FROM talk");
        HttpResponse<String> started = send("POST", "/api/admin/reindex", TOKEN);
        assertThat(started.statusCode()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        JsonNode done = awaitEnd(location);
        assertThat(done.path("state").asText()).isEqualTo("done");
        assertThat(done.path("phase").asText()).isEqualTo("done");
        assertThat(done.path("done").asLong()).isEqualTo(talks);
        assertThat(done.path("total").asLong()).isEqualTo(talks);
        assertThat(done.path("rate_per_second").asDouble()).isPositive();
        Set<String> after = t.archive().index().indicesBehindAlias();
        assertThat(after).isNotEqualTo(before).containsExactly(done.path("result").path("index").asText());
        assertThat(done.path("result").path("documents").asLong()).isEqualTo(talks);
        assertThat(json(get(location))).as("read again").isEqualTo(done);

        // a restart: another archive over the same database and index, another web app
        app.stop();
        Archive restarted = new Archive(Archive.Engines.shared(t.dataSource(), t.client()),
                Archive.Settings.of(t.alias()));
        app = serve(restarted);
        assertThat(json(get(location))).as("the job after a restart").isEqualTo(done);

        // a job whose process died mid-run: its heartbeat stopped an hour ago
        long orphan = t.longs("""
                INSERT INTO admin_job (kind, phase, done, total, started_by, started_at, heartbeat_at)
                VALUES ('reindex', 'copying', 7, 30, 'admin token', now() - interval '61 minutes',
                        now() - interval '1 hour') RETURNING id""").get(0);
        JsonNode interrupted = json(get("/api/admin/jobs/" + orphan));
        assertThat(interrupted.path("state").asText()).isEqualTo("failed");
        assertThat(interrupted.path("phase").asText()).isEqualTo("interrupted");
        assertThat(interrupted.path("errors").get(0).asText()).startsWith("Interrupted");
        assertThat(interrupted.path("done").asLong()).isEqualTo(7);

        // the consistency check as a job, on the restarted app
        HttpResponse<String> check = send("POST", "/api/admin/check", TOKEN);
        assertThat(check.statusCode()).isEqualTo(202);
        JsonNode checked = awaitEnd(check.headers().firstValue("Location").orElseThrow());
        assertThat(checked.path("kind").asText()).isEqualTo("check");
        assertThat(checked.path("state").asText()).isEqualTo("done");
        assertThat(checked.path("result").path("consistent").asBoolean()).as(checked.toString()).isTrue();
        assertThat(checked.path("result").path("talks_in_database").asLong()).isEqualTo(talks);
        restarted.jobs().close();
    }

    @Test
    void badRequestsGetReasons() throws Exception {
        assertThat(send("POST", "/api/admin/reindex", null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/api/admin/jobs/1", "guess").statusCode()).isEqualTo(401);
        HttpResponse<String> bad = get("/api/admin/jobs/abc");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).path("parameter").asText()).isEqualTo("id");
        assertThat(get("/api/admin/jobs/987654").statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "/api/admin/jobs/987654", TOKEN).statusCode()).isEqualTo(404);
        assertThat(json(get("/api/admin/jobs")).path("jobs")).isEmpty();
    }

    /** Polls the job until it has ended (a minute at most: the sample corpus takes seconds). */
    private JsonNode awaitEnd(String location) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            JsonNode job = json(get(location));
            if (!job.path("state").asText().equals("running") || System.nanoTime() > deadline) {
                return job;
            }
            Thread.sleep(100);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, path.startsWith("/api/admin/") ? TOKEN : null);
    }

    private HttpResponse<String> send(String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        return JSON.readTree(response.body());
    }
}
