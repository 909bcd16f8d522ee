package org.talkarchive.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class IndexDefinitionTest {

    private final ObjectMapper json = new ObjectMapper();
    private final IndexDefinition definition = IndexDefinition.load(json);

    @Test
    void namesCarryAliasVersionAndTime() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-22T18:55:01.123Z"), ZoneOffset.UTC);
        String name = definition.newIndexName("talks", clock);
        assertThat(name).isEqualTo("talks-v" + definition.version() + "-20261122-185501123");
        assertThat(IndexDefinition.versionOf("talks", name)).isEqualTo(definition.version());
        assertThat(IndexDefinition.versionOf("talks", "talks")).isEqualTo(-1);
        assertThat(IndexDefinition.versionOf("talks", "other-v1-x")).isEqualTo(-1);
    }

    @Test
    void layoutSetsShardsAndReplicasAndKeepsTheRest() throws Exception {
        IndexDefinition laid = definition.withLayout(json, new IndexLayout(4, 2, 1000));
        JsonNode settings = json.readTree(laid.json()).path("settings");
        assertThat(settings.path("number_of_shards").asInt()).isEqualTo(4);
        assertThat(settings.path("number_of_replicas").asInt()).isEqualTo(2);
        assertThat(laid.replicas()).isEqualTo(2);
        assertThat(laid.version()).isEqualTo(definition.version());
        assertThat(json.readTree(laid.json()).path("mappings")).isEqualTo(json.readTree(definition.json()).path("mappings"));
        assertThat(settings.path("analysis")).isEqualTo(json.readTree(definition.json()).at("/settings/analysis"));
        // The file's own layout is the default one.
        assertThat(json.readTree(definition.json()).at("/settings/number_of_shards").asInt())
                .isEqualTo(IndexLayout.DEFAULT.shards());
        assertThat(definition.replicas()).isEqualTo(IndexLayout.DEFAULT.replicas());
    }

    @Test
    void mappingIsStrictAndCoversEveryDocumentField() throws Exception {
        JsonNode mappings = json.readTree(definition.json()).path("mappings");
        assertThat(mappings.path("dynamic").asText()).isEqualTo("strict");
        JsonNode properties = mappings.path("properties");
        for (var component : TalkDocument.class.getRecordComponents()) {
            String field = component.getName().replaceAll("([A-Z])", "_$1").toLowerCase();
            assertThat(properties.has(field)).as("mapping for %s", field).isTrue();
        }
    }

    @Test
    void facetValuesCarryKeyAndLabel() {
        String value = TalkDocument.facetValue("ana-garcia", "Ana García");
        assertThat(TalkDocument.facetParts(value)).containsExactly("ana-garcia", "Ana García");
        assertThat(TalkDocument.facetParts("eng")).containsExactly("eng", "eng");
    }
}
