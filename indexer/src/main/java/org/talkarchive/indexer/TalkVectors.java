package org.talkarchive.indexer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.talkarchive.text.embedding.EmbeddingInput;

/**
 * The SQL of the talks' vectors for search by meaning ({@code talk_embedding}, {@code embedding_wanted}): a
 * vector is kept by the model that computed it and the hash of the text it was computed from
 * ({@link EmbeddingInput}), so documents pick up stored vectors by hash, and a talk without one is queued for the
 * {@link VectorWorker}.
 */
public final class TalkVectors {

    private static final String BY_HASH = """
            SELECT content_hash, vector FROM talk_embedding WHERE model = :model AND content_hash = ANY(:hashes)
            """;
    private static final String STORE = """
            INSERT INTO talk_embedding (model, content_hash, vector) VALUES (:model, :hash, :vector)
            ON CONFLICT (model, content_hash) DO NOTHING
            """;
    private static final String WANT = """
            INSERT INTO embedding_wanted (talk_id) SELECT unnest(:ids) ON CONFLICT (talk_id) DO NOTHING
            """;
    // Oldest first; SKIP LOCKED lets several workers share the queue.
    private static final String CLAIM = """
            SELECT talk_id FROM embedding_wanted ORDER BY wanted_at, talk_id LIMIT :limit FOR UPDATE SKIP LOCKED
            """;
    private static final String DONE = """
            DELETE FROM embedding_wanted WHERE talk_id = ANY(:ids)
            """;
    private static final String WAITING = """
            SELECT count(*) FROM embedding_wanted
            """;

    private final String model;

    /** @param model the model whose vectors are looked up ({@code TextEmbedder.model()}) */
    public TalkVectors(String model) {
        this.model = model;
    }

    public String model() {
        return model;
    }

    /** What of the document is embedded, and its hash. */
    public static EmbeddingInput input(TalkDocument document) {
        return EmbeddingInput.of(document.title(), document.tags(), document.description());
    }

    /**
     * The documents with their stored vectors, in the same order; those without one stay without. With
     * {@code queueMissing}, talks without a vector are queued for the worker in the same transaction.
     */
    Map<Long, TalkDocument> attach(Handle h, Map<Long, TalkDocument> documents, boolean queueMissing) {
        if (documents.isEmpty()) {
            return documents;
        }
        Map<Long, EmbeddingInput> inputs = new HashMap<>();
        documents.forEach((id, d) -> inputs.put(id, input(d)));
        Map<String, float[]> stored = vectors(h, inputs.values().stream().map(EmbeddingInput::hash).toList());
        Map<Long, TalkDocument> attached = new LinkedHashMap<>();
        List<Long> missing = new ArrayList<>();
        documents.forEach((id, d) -> {
            String hash = inputs.get(id).hash();
            float[] vector = stored.get(hash);
            if (vector == null) {
                missing.add(id);
            }
            attached.put(id, d.withEmbedding(hash, vector));
        });
        if (queueMissing) {
            want(h, missing);
        }
        return attached;
    }

    /** Queues the talks for a vector (those already waiting stay as they are). */
    public void want(Handle h, Collection<Long> talkIds) {
        if (!talkIds.isEmpty()) {
            h.createUpdate(WANT).bindArray("ids", Long.class, talkIds).execute();
        }
    }

    /** Stored vectors of this model by text hash; hashes without one are absent. */
    Map<String, float[]> vectors(Handle h, Collection<String> hashes) {
        Map<String, float[]> found = new HashMap<>();
        if (hashes.isEmpty()) {
            return found;
        }
        h.createQuery(BY_HASH).bind("model", model).bindArray("hashes", String.class, hashes)
                .map((rs, ctx) -> Map.entry(rs.getString("content_hash"), decode(rs.getBytes("vector"))))
                .forEach(e -> found.put(e.getKey(), e.getValue()));
        return found;
    }

    void store(Handle h, String hash, float[] vector) {
        h.createUpdate(STORE).bind("model", model).bind("hash", hash).bind("vector", encode(vector)).execute();
    }

    /** Up to {@code limit} waiting talks, locked by this transaction until it ends. */
    List<Long> claim(Handle h, int limit) {
        return h.createQuery(CLAIM).bind("limit", limit).mapTo(Long.class).list();
    }

    /** The talks are embedded: off the queue, and written again by the publisher, now with their vectors. */
    void done(Handle h, List<Long> talkIds) {
        if (talkIds.isEmpty()) {
            return;
        }
        h.createUpdate(DONE).bindArray("ids", Long.class, talkIds).execute();
        SearchChanges.record(h, talkIds);
    }

    /** How many talks wait for a vector. */
    public long waiting(Handle h) {
        return h.createQuery(WAITING).mapTo(Long.class).one();
    }

    static byte[] encode(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        return bytes.array();
    }

    static float[] decode(byte[] bytes) {
        float[] vector = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }
}
