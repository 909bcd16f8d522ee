package org.talkarchive.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.talkarchive.indexer.IndexDefinition;
import org.talkarchive.indexer.TalkDocument;

/**
 * Every facet reads fields that exist where it looks for them: in the talks' index (search/talks-index.json), in the
 * document the indexer publishes (TalkDocument), and, for the search while the engine is away, in PostgreSQL (the
 * tables the schema's migrations create, and the columns of a matching talk the fallback's statement provides).
 */
class FacetFieldTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    // a table, not a column ("extract(year FROM t.recorded)")
    private static final Pattern TABLE = Pattern.compile("\\b(?:FROM|JOIN)\\s+([a-z_]+)\\b(?!\\.)");
    private static final Pattern TALK_COLUMN = Pattern.compile("\\bt\\.([a-z_]+)\\b");
    private static final Pattern CREATED_TABLE = Pattern.compile("(?i)CREATE TABLE\\s+(?:IF NOT EXISTS\\s+)?([a-z_]+)");

    @ParameterizedTest
    @EnumSource(FacetField.class)
    void itsFieldsAreInTheIndexWithTheTypeItFiltersBy(FacetField facet) {
        JsonNode fields = readTree(IndexDefinition.load(JSON).json()).at("/mappings/properties");
        for (String field : List.of(facet.filterField(), facet.bucketField())) {
            assertThat(fields.has(field)).as("%s: %s in talks-index.json", facet, field).isTrue();
            String type = fields.path(field).path("type").asText();
            if (facet.numeric()) {
                assertThat(type).as("%s: %s", facet, field).isIn("integer", "long", "short");
            } else {
                assertThat(type).as("%s: %s", facet, field).isEqualTo("keyword");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(FacetField.class)
    void itsFieldsAreInThePublishedDocument(FacetField facet) {
        var snakeCase = new PropertyNamingStrategies.SnakeCaseStrategy();
        Set<String> published = Arrays.stream(TalkDocument.class.getRecordComponents())
                .map(c -> snakeCase.translate(c.getName())).collect(Collectors.toSet());

        assertThat(published).as("%s in TalkDocument", facet).contains(facet.filterField(), facet.bucketField());
    }

    @ParameterizedTest
    @EnumSource(FacetField.class)
    void itsFallbackReadsTablesTheSchemaCreatesAndColumnsOfTheMatchingTalk(FacetField facet) throws IOException {
        Set<String> tables = createdTables();
        for (String table : all(TABLE, facet.fallbackValues())) {
            assertThat(tables).as("%s: table %s created by a migration", facet, table).contains(table);
        }
        assertThat(all(TALK_COLUMN, facet.fallbackValues())).as("%s: columns of the talk it reads", facet)
                .isNotEmpty().isSubsetOf(PostgresFallbackSearch.TALK_COLUMNS);
    }

    @ParameterizedTest
    @EnumSource(FacetField.class)
    void theFallbackFiltersAndCountsIt(FacetField facet) {
        for (TalkQuery.Sort sort : TalkQuery.Sort.values()) {
            String sql = PostgresFallbackSearch.sql(sort);
            assertThat(sql).as("%s, %s", facet, sort)
                    .contains(":selected_" + facet.param() + "::text[]")
                    .contains("ANY(q.selected_" + facet.param() + ")")
                    .contains("SELECT '" + facet.param() + "', v.value, v.label, count(*)")
                    .contains(facet.fallbackValues());
        }
    }

    private static Set<String> all(Pattern pattern, String sql) {
        Set<String> found = new HashSet<>();
        Matcher m = pattern.matcher(sql);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static Set<String> createdTables() throws IOException {
        Set<String> tables = new HashSet<>();
        try (Stream<Path> migrations = Files.list(Path.of("src/main/resources/db/migration"))) {
            for (Path migration : migrations.filter(p -> p.toString().endsWith(".sql")).toList()) {
                tables.addAll(all(CREATED_TABLE, Files.readString(migration)));
            }
        }
        return tables;
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
