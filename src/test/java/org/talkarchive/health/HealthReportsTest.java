package org.talkarchive.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.talkarchive.testing.HandClock;
import org.talkarchive.health.Readiness.Component;
import org.talkarchive.health.Readiness.Components;
import org.talkarchive.health.Readiness.ElasticsearchDetails;
import org.talkarchive.health.Readiness.PostgresDetails;
import org.talkarchive.health.Readiness.PublishingDetails;
import org.talkarchive.health.Readiness.Report;
import org.talkarchive.health.Readiness.Status;
import org.talkarchive.infra.Json;

/** The one shape of /health and /ready, and which components decide the archive's status. */
class HealthReportsTest {

    private static Components components(boolean postgres, boolean elasticsearch, boolean publishing) {
        return new Components(Component.of(postgres, new PostgresDetails(3L, 0L, postgres ? null : "refused")),
                Component.of(elasticsearch, new ElasticsearchDetails("closed", 1, "green", "talks",
                        Set.of("talks-v1"), elasticsearch, elasticsearch ? null : "warming up")),
                Component.of(publishing, new PublishingDetails(null, null, null, 0L, 0L, !publishing, null)));
    }

    @Test
    void postgresAloneDecidesReadiness() {
        assertThat(Report.of(components(true, true, true)).status()).isEqualTo(Status.UP);
        assertThat(Report.of(components(true, false, true)).status()).isEqualTo(Status.DEGRADED);
        assertThat(Report.of(components(true, true, false)).status()).isEqualTo(Status.DEGRADED);
        assertThat(Report.of(components(true, false, false)).status()).isEqualTo(Status.DEGRADED);
        assertThat(Report.of(components(false, true, true)).status()).isEqualTo(Status.DOWN);
        assertThat(Report.of(components(false, false, false)).status()).isEqualTo(Status.DOWN);

        assertThat(Report.of(components(true, false, false)).ready()).as("degraded is ready").isTrue();
        assertThat(Report.of(components(false, true, true)).ready()).isFalse();
    }

    @Test
    void readinessIsStatusAndComponentsAsJson() throws Exception {
        JsonNode json = Json.create().valueToTree(Report.of(components(true, false, true)));

        assertThat(json.properties()).extracting(java.util.Map.Entry::getKey)
                .containsExactly("status", "components");
        assertThat(json.path("status").asText()).isEqualTo("DEGRADED");
        assertThat(json.at("/components/postgres/status").asText()).isEqualTo("UP");
        assertThat(json.at("/components/postgres/details/latency_ms").asLong()).isEqualTo(3);
        assertThat(json.at("/components/elasticsearch/status").asText()).isEqualTo("DOWN");
        assertThat(json.at("/components/elasticsearch/details/circuit").asText()).isEqualTo("closed");
        assertThat(json.at("/components/publishing/status").asText()).isEqualTo("UP");
        assertThat(json.at("/components/postgres").has("up")).as("no second way to say it").isFalse();
    }

    @Test
    void livenessHasTheSameShapeAndSaysWhichBuildRunsSinceWhen() {
        Instant start = Instant.parse("2026-12-07T07:00:00Z");
        HandClock clock = new HandClock(start);
        Liveness liveness = new Liveness("1.2.3", clock);
        clock.advance(Duration.ofSeconds(90));

        JsonNode json = Json.create().valueToTree(liveness.check());

        assertThat(json.path("status").asText()).isEqualTo("UP");
        assertThat(json.at("/components/process/status").asText()).isEqualTo("UP");
        assertThat(json.at("/components/process/details/version").asText()).isEqualTo("1.2.3");
        assertThat(json.at("/components/process/details/uptime_seconds").asLong()).isEqualTo(90);
    }

}
