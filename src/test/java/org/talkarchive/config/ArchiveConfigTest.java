package org.talkarchive.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArchiveConfigTest {

    @Test
    void unsetUrlsMeanEmbedded() {
        ArchiveConfig config = ArchiveConfig.fromEnvironment(Map.of());
        assertThat(config.databaseUrl()).isEmpty();
        assertThat(config.elasticsearchUrl()).isEmpty();
        assertThat(config.httpPort()).isEqualTo(7070);
        assertThat(config.httpHost()).as("only this machine, unless HOST says otherwise").isEqualTo("127.0.0.1");
        assertThat(config.dataDir()).isEqualTo(Path.of("data").toAbsolutePath());
        assertThat(config.adminToken()).isEmpty();
        assertThat(config.indexAlias()).isEqualTo("talks");
    }

    @Test
    void readsExternalSettings() {
        ArchiveConfig config = ArchiveConfig.fromEnvironment(Map.of(
                "DATABASE_URL", "jdbc:postgresql://db:5432/talks", "DATABASE_USER", "archive",
                "DATABASE_PASSWORD", "secret", "ELASTICSEARCH_URL", "http://es:9200",
                "ELASTICSEARCH_API_KEY", "key", "PORT", "8080", "TALKS_ADMIN_TOKEN", " token-0123456789abcdefghijklmnopqrstuvwxyz ",
                "TALKS_DATA_DIR", "/var/lib/talks"));
        assertThat(config.databaseUrl()).contains("jdbc:postgresql://db:5432/talks");
        assertThat(config.databasePassword()).contains("secret");
        assertThat(config.elasticsearchApiKey()).contains("key");
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.adminToken()).contains("token-0123456789abcdefghijklmnopqrstuvwxyz");
        assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/talks"));
    }

    @Test
    void theEmbeddedNodesJvmOptionsAreSplitOnSpaces() {
        assertThat(ArchiveConfig.fromEnvironment(Map.of()).esJavaOptions()).isEmpty();
        assertThat(ArchiveConfig.fromEnvironment(Map.of("TALKS_ES_JAVA_OPTS", " ")).esJavaOptions()).isEmpty();
        assertThat(ArchiveConfig.fromEnvironment(Map.of("TALKS_ES_JAVA_OPTS",
                " -XX:TieredStopAtLevel=1   -Xss1m ")).esJavaOptions())
                .containsExactly("-XX:TieredStopAtLevel=1", "-Xss1m");
    }

    @Test
    void blankValuesCountAsUnset() {
        assertThat(ArchiveConfig.fromEnvironment(Map.of("DATABASE_URL", "  ")).databaseUrl()).isEmpty();
    }

    @Test
    void tokensShorterThan32CharactersStopTheStartNamingTheVariable() {
        assertThatThrownBy(() -> ArchiveConfig.fromEnvironment(Map.of("TALKS_ADMIN_TOKEN", "s3cret-token")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TALKS_ADMIN_TOKEN must be at least 32 characters long, not 12: a short token can be"
                        + " guessed. Make one with `openssl rand -base64 32`");
        assertThatThrownBy(() -> ArchiveConfig.fromEnvironment(Map.of("TALKS_METRICS_TOKEN", "x".repeat(31))))
                .hasMessageStartingWith("TALKS_METRICS_TOKEN must be at least 32 characters long, not 31");
        assertThat(ArchiveConfig.fromEnvironment(Map.of("TALKS_ADMIN_TOKEN", "x".repeat(32),
                "TALKS_METRICS_TOKEN", "y".repeat(44))).metricsToken()).contains("y".repeat(44));
    }

    @Test
    void badPortIsAClearError() {
        assertThatThrownBy(() -> ArchiveConfig.fromEnvironment(Map.of("PORT", "http")))
                .hasMessageContaining("PORT").hasMessageContaining("http");
    }

    @Test
    void aDatabaseUrlThatIsNotPostgresJdbcIsAClearErrorWithoutItsPassword() {
        assertThatThrownBy(() -> ArchiveConfig.fromEnvironment(Map.of("DATABASE_URL",
                "postgres://archive:hunter2-secret@db:5432/talks")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("DATABASE_URL must be a JDBC URL of PostgreSQL")
                .hasMessageEndingWith("not a 'postgres:' URL").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> ArchiveConfig.fromEnvironment(Map.of("DATABASE_URL", "archive:hunter2@db")))
                .hasMessageEndingWith(", not a 'archive:' URL").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> ArchiveConfig.fromEnvironment(Map.of("DATABASE_URL", "db.example.org/talks")))
                .hasMessageEndingWith(", not that");
        assertThat(ArchiveConfig.fromEnvironment(Map.of("DATABASE_URL", "jdbc:postgresql://db/talks?user=a"))
                .databaseUrl()).contains("jdbc:postgresql://db/talks?user=a");
    }

    @Test
    void theNodesHeapMustBeASize() {
        assertThat(ArchiveConfig.fromEnvironment(Map.of()).esHeap()).isEqualTo("1g");
        assertThat(ArchiveConfig.fromEnvironment(Map.of("TALKS_ES_HEAP", "1536m")).esHeap()).isEqualTo("1536m");
        assertThat(ArchiveConfig.fromEnvironment(Map.of("TALKS_ES_HEAP", "2G")).esHeap()).isEqualTo("2G");
        for (String bad : new String[] {"lots", "512", "0g", "1.5g", "512mb", "-Xmx1g"}) {
            assertThatThrownBy(() -> ArchiveConfig.fromEnvironment(Map.of("TALKS_ES_HEAP", bad)))
                    .as(bad).hasMessage("TALKS_ES_HEAP must be a heap size such as 512m or 2g, not '" + bad + "'");
        }
    }

    @Test
    void indexLayoutDefaultsToOneShardNoReplicaAndReadsTheEnvironment() {
        assertThat(ArchiveConfig.fromEnvironment(Map.of()).indexLayout())
                .isEqualTo(new org.talkarchive.indexer.IndexLayout(1, 0, 1000));
        assertThat(ArchiveConfig.fromEnvironment(Map.of("TALKS_INDEX_SHARDS", "3", "TALKS_INDEX_REPLICAS", " 1 ",
                "TALKS_BULK_SIZE", "5000")).indexLayout())
                .isEqualTo(new org.talkarchive.indexer.IndexLayout(3, 1, 5000));
    }

    @Test
    void publishingDefaultsToBatchesOfAThousandTwoAtOnceAndReadsTheEnvironment() {
        assertThat(ArchiveConfig.fromEnvironment(Map.of()).publishing())
                .isEqualTo(new org.talkarchive.indexer.Publishing(1000, 2));
        assertThat(ArchiveConfig.fromEnvironment(Map.of("TALKS_PUBLISH_BATCH", "250", "TALKS_PUBLISHERS", "3"))
                .publishing()).isEqualTo(new org.talkarchive.indexer.Publishing(250, 3));
        assertThatThrownBy(() -> ArchiveConfig.fromEnvironment(Map.of("TALKS_PUBLISHERS", "0")))
                .hasMessageContaining("TALKS_PUBLISHERS must be from 1 to 8, not 0");
        assertThatThrownBy(() -> ArchiveConfig.fromEnvironment(Map.of("TALKS_PUBLISH_BATCH", "20000")))
                .hasMessageContaining("TALKS_PUBLISH_BATCH must be from 1 to 10000, not 20000");
    }

    @Test
    void facetSamplingDefaultsToAHundredThousandTalksAndZeroTurnsItOff() {
        assertThat(ArchiveConfig.fromEnvironment(Map.of()).facetSampling().sampleSize()).isEqualTo(100_000);
        assertThat(ArchiveConfig.fromEnvironment(Map.of("TALKS_FACET_SAMPLE", "0")).facetSampling())
                .isEqualTo(org.talkarchive.search.FacetSampling.EXACT);
        assertThatThrownBy(() -> ArchiveConfig.fromEnvironment(Map.of("TALKS_FACET_SAMPLE", "-5")))
                .hasMessageContaining("TALKS_FACET_SAMPLE must be 0 or more");
        assertThatThrownBy(() -> ArchiveConfig.fromEnvironment(Map.of("TALKS_FACET_SAMPLE", "lots")))
                .hasMessageContaining("TALKS_FACET_SAMPLE must be a whole number");
    }

    @Test
    void badIndexLayoutIsAClearError() {
        assertThatThrownBy(() -> ArchiveConfig.fromEnvironment(Map.of("TALKS_INDEX_SHARDS", "two")))
                .hasMessageContaining("TALKS_INDEX_SHARDS").hasMessageContaining("two");
        assertThatThrownBy(() -> ArchiveConfig.fromEnvironment(Map.of("TALKS_INDEX_SHARDS", "0")))
                .hasMessageContaining("TALKS_INDEX_SHARDS must be from 1 to 1024, not 0");
        assertThatThrownBy(() -> ArchiveConfig.fromEnvironment(Map.of("TALKS_INDEX_REPLICAS", "-1")))
                .hasMessageContaining("TALKS_INDEX_REPLICAS must be from 0");
        assertThatThrownBy(() -> ArchiveConfig.fromEnvironment(Map.of("TALKS_BULK_SIZE", "0")))
                .hasMessageContaining("TALKS_BULK_SIZE");
    }

    @Test
    void elasticsearchUrlTakesAListOfNodes() {
        ArchiveConfig config = ArchiveConfig.fromEnvironment(Map.of(
                "ELASTICSEARCH_URL", "http://127.0.0.1:9201,http://127.0.0.1:9202"));
        assertThat(config.elasticsearchUrl()).contains("http://127.0.0.1:9201,http://127.0.0.1:9202");
    }

    @Test
    void aBadNodeInTheListStopsTheStartNamingIt() {
        assertThatThrownBy(() -> ArchiveConfig.fromEnvironment(Map.of(
                "ELASTICSEARCH_URL", "http://127.0.0.1:9201,127.0.0.1:9202")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ELASTICSEARCH_URL entry 2 '127.0.0.1:9202'");
    }

    @Test
    void embeddedNodesDefaultToOneAndAreBounded() {
        assertThat(ArchiveConfig.fromEnvironment(Map.of()).esNodes()).isEqualTo(1);
        assertThat(ArchiveConfig.fromEnvironment(Map.of("TALKS_ES_NODES", "3")).esNodes()).isEqualTo(3);
        assertThatThrownBy(() -> ArchiveConfig.fromEnvironment(Map.of("TALKS_ES_NODES", "0")))
                .hasMessageContaining("TALKS_ES_NODES");
        assertThatThrownBy(() -> ArchiveConfig.fromEnvironment(Map.of("TALKS_ES_NODES", "three")))
                .hasMessageContaining("TALKS_ES_NODES");
    }

    @Test
    void theSearchTimeoutDefaultsToTwoSecondsAndIsBounded() {
        assertThat(ArchiveConfig.fromEnvironment(Map.of()).searchTimeout()).isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(ArchiveConfig.fromEnvironment(Map.of("TALKS_SEARCH_TIMEOUT_MS", "5000")).searchTimeout())
                .isEqualTo(java.time.Duration.ofSeconds(5));
        assertThatThrownBy(() -> ArchiveConfig.fromEnvironment(Map.of("TALKS_SEARCH_TIMEOUT_MS", "10")))
                .hasMessageContaining("TALKS_SEARCH_TIMEOUT_MS");
    }
}
