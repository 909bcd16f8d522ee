package org.talkarchive.indexer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.talkarchive.text.embedding.EmbeddingInput;
import org.talkarchive.text.embedding.TextEmbedder;

/**
 * Computes the vectors talks wait for ({@code embedding_wanted}), stores them by text hash and records a change for
 * each talk, so the publisher writes it again with its vector. Keyword publishing never waits for this: a changed
 * talk is found by its words at once and by meaning once its turn here comes. Talks with the same text (other
 * recordings) and talks whose text was embedded before share the stored vector. Safe to run several at once (the
 * queue is claimed with SKIP LOCKED) and to kill at any moment (the claim is one transaction).
 */
public final class VectorWorker {

    private static final Logger log = LoggerFactory.getLogger(VectorWorker.class);

    /** Talks embedded per transaction: the model works in batches, and a batch is a second or two on two cores. */
    public static final int BATCH = 32;

    private final Jdbi jdbi;
    private final TalkDocuments documents;
    private final TalkVectors vectors;
    private final TextEmbedder embedder;

    public VectorWorker(Jdbi jdbi, TalkDocuments documents, TextEmbedder embedder) {
        this.jdbi = jdbi;
        this.documents = documents;
        this.vectors = documents.vectors();
        this.embedder = embedder;
        if (!vectors.model().equals(embedder.model())) {
            throw new IllegalArgumentException("documents look up vectors of " + vectors.model()
                    + " but the embedder is " + embedder.model());
        }
    }

    /** Embeds one batch of waiting talks; how many talks it took off the queue (0: none waits). */
    public int embedBatch() {
        return jdbi.inTransaction(h -> {
            List<Long> claimed = vectors.claim(h, BATCH);
            if (claimed.isEmpty()) {
                return 0;
            }
            Map<Long, TalkDocument> talks = documents.loadForVectors(h, claimed);
            Map<String, String> textByHash = new java.util.LinkedHashMap<>();
            talks.values().forEach(d -> {
                EmbeddingInput input = TalkVectors.input(d);
                textByHash.putIfAbsent(input.hash(), input.text());
            });
            textByHash.keySet().removeAll(vectors.vectors(h, textByHash.keySet()).keySet());
            List<String> hashes = new ArrayList<>(textByHash.keySet());
            List<float[]> computed = embedder.embed(hashes.stream().map(textByHash::get).toList());
            for (int i = 0; i < hashes.size(); i++) {
                vectors.store(h, hashes.get(i), computed.get(i));
            }
            // talks deleted since they were queued leave the queue too, with nothing to publish
            vectors.done(h, claimed);
            return claimed.size();
        });
    }

    /** Embeds every waiting talk, then returns how many it took off the queue. */
    public long embedAll() {
        long total = 0;
        int done;
        while ((done = embedBatch()) > 0) {
            total += done;
        }
        return total;
    }

    /** Embeds until {@code running} turns false, looking again every {@code idlePoll} while nothing waits. */
    public void follow(Duration idlePoll, BooleanSupplier running) {
        while (running.getAsBoolean()) {
            try {
                if (embedBatch() == 0) {
                    Thread.sleep(idlePoll.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // PostgreSQL away, or a talk the model cannot take: the queue keeps it, try again later
                log.warn("Computing vectors failed; trying again in {}: {}", idlePoll.multipliedBy(5), e.toString());
                try {
                    Thread.sleep(idlePoll.multipliedBy(5).toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
