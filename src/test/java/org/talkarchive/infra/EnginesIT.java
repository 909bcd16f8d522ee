package org.talkarchive.infra;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.core.SearchResponse;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.talkarchive.testing.RealEngines;
import org.talkarchive.testing.TestArchive;

/** The engines under every other integration test are real: write and read back through each. */
@ExtendWith(RealEngines.class)
class EnginesIT {

    @Test
    void postgresqlStoresAndReturnsRowsWithTheMigratedSchema(TestArchive t) {
        t.update("INSERT INTO event (slug, title) VALUES (?, ?)", "smoke-2026", "Smoke 2026");
        assertThat(t.strings("SELECT title FROM event WHERE slug = ?", "smoke-2026")).containsExactly("Smoke 2026");
        assertThat(t.strings("SELECT version()").get(0)).startsWith("PostgreSQL ");
        assertThat(t.count("SELECT count(*) FROM flyway_schema_history WHERE success")).isPositive();
    }

    @Test
    void elasticsearchCreatesAnIndexIndexesADocumentAndFindsIt(TestArchive t) throws Exception {
        String index = t.alias() + "-smoke";
        t.client().indices().create(c -> c.index(index).withJson(new StringReader(
                "{\"mappings\":{\"properties\":{\"title\":{\"type\":\"text\"}}}}")));
        t.client().index(i -> i.index(index).id("1").document(Map.of("title", "Async Django in practice"))
                .refresh(co.elastic.clients.elasticsearch._types.Refresh.True));
        SearchResponse<Map> found = t.client().search(s -> s.index(index)
                .query(q -> q.match(m -> m.field("title").query("django"))), Map.class);
        assertThat(found.hits().hits()).hasSize(1);
        assertThat(found.hits().hits().get(0).source()).containsEntry("title", "Async Django in practice");
        // GET / (the rest-root module) is missing on the embedded node; cluster health is there on both.
        assertThat(t.client().cluster().health().status().jsonValue()).isIn("green", "yellow");
        t.client().indices().delete(d -> d.index(List.of(index)));
    }

    @Test
    void theIndexDefinitionIsAcceptedByTheEngine(TestArchive t) {
        String index = t.archive().index().createForBulkLoad();
        assertThat(index).startsWith(t.alias() + "-v");
        t.archive().index().delete(List.of(index));
    }
}
