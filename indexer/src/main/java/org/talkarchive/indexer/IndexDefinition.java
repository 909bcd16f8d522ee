package org.talkarchive.indexer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The talks index's settings and mappings, read from {@code search/talks-index.json}. Its
 * {@code mappings._meta.definition_version} goes into every index name, so an index built from an older
 * definition can be recognised and rebuilt. Raise it when the mapping changes, and also when the documents built
 * for the same talks change ({@link TalkDocuments}, {@code talk_projection}): version 4 lists tags in display-name
 * order, as the pages do, where earlier versions listed them by key; version 6 adds the speakers' aliases and the
 * duplicate key that folds re-uploads of one talk into one result; version 7 adds the transcript's cues (nested
 * documents) and the "has transcript" field; version 8 takes the duplicate key from PostgreSQL
 * ({@code talk_projection.duplicate_key}), where the pages look up the other recordings with the same definition;
 * version 9 indexes offsets on the stemmed title and description, so highlights mark words in other inflections;
 * version 10 bridges each cue to the next ({@code cues.bridge}), so phrases said across two cues are found;
 * version 11 adds {@code speaker_names} (names and aliases, one field for typos) and
 * {@code recorded_more_than_once} (the distinct-talk count looks at those documents only); version 12 also indexes
 * the parts of words joined by punctuation or digits in the stemmed sub-fields ("Tinkoff.ru" is found by "tinkoff",
 * "Python3" by "python 3"), searched without that split; version 13 adds each talk's vector for search by meaning
 * ({@code embedding}, {@code embedding_hash}); version 14 adds {@code native_text}, a talk's title and description
 * under its language when that is Spanish, French, Portuguese, German, Italian or Russian, stemmed as that language;
 * version 15 leaves out those languages' stop words there, so "most words" counts the words that say something.
 * The model that computes the vectors is named in
 * {@code mappings._meta.embedding_model}: a new model means a new definition version (its vectors are not
 * comparable with the old ones), which the archive checks when it starts ({@link #requireModel}).
 *
 * @param json     the settings and mappings, as sent to Elasticsearch when an index is created
 * @param version  {@code mappings._meta.definition_version}
 * @param replicas replicas the definition asks for ({@code settings.number_of_replicas})
 * @param embeddingModel the model whose vectors the index holds ({@code mappings._meta.embedding_model})
 */
public record IndexDefinition(String json, int version, int replicas, String embeddingModel) {

    private static final String RESOURCE = "/search/talks-index.json";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmssSSS")
            .withZone(ZoneOffset.UTC);

    public static IndexDefinition load(ObjectMapper mapper) {
        try (InputStream in = IndexDefinition.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + RESOURCE);
            }
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            JsonNode tree = mapper.readTree(json);
            JsonNode version = tree.at("/mappings/_meta/definition_version");
            if (!version.canConvertToInt()) {
                throw new IllegalStateException(RESOURCE + " has no mappings._meta.definition_version");
            }
            return new IndexDefinition(json, version.asInt(), tree.at("/settings/number_of_replicas").asInt(0),
                    tree.at("/mappings/_meta/embedding_model").asText(""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The same definition with these shards and replicas in its settings. The definition version stays: the
     * documents and mappings are the same, so a running index is not rebuilt for a new layout (a reindex applies it).
     */
    public IndexDefinition withLayout(ObjectMapper mapper, IndexLayout layout) {
        try {
            com.fasterxml.jackson.databind.node.ObjectNode tree =
                    (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(json);
            com.fasterxml.jackson.databind.node.ObjectNode settings = tree.with("settings");
            settings.put("number_of_shards", layout.shards());
            settings.put("number_of_replicas", layout.replicas());
            return new IndexDefinition(mapper.writeValueAsString(tree), version, layout.replicas(), embeddingModel);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * This definition, if its vectors are the given model's; otherwise the archive must not start: its vectors would
     * be compared with another model's.
     */
    public IndexDefinition requireModel(String model) {
        if (!embeddingModel.equals(model)) {
            throw new IllegalStateException(RESOURCE + " names the embedding model '" + embeddingModel
                    + "' but the archive embeds with '" + model + "': set mappings._meta.embedding_model and raise"
                    + " definition_version, so the index is rebuilt with the new vectors");
        }
        return this;
    }

    /** e.g. talks-v1-20261122-185501123: the alias, the definition version and when it was built. */
    public String newIndexName(String alias, Clock clock) {
        return alias + "-v" + version + "-" + STAMP.format(clock.instant());
    }

    /** The definition version encoded in an index name made by {@link #newIndexName}, or -1. */
    public static int versionOf(String alias, String indexName) {
        String prefix = alias + "-v";
        if (!indexName.startsWith(prefix)) {
            return -1;
        }
        String rest = indexName.substring(prefix.length());
        int dash = rest.indexOf('-');
        try {
            return Integer.parseInt(dash < 0 ? rest : rest.substring(0, dash));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
