package org.talkarchive.search;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.MDC;
import org.talkarchive.text.embedding.TextEmbedder;

/**
 * Queries' vectors, computed beside the words' request (so the model's time overlaps the engine's) and kept for the
 * last {@link #KEPT} texts: paging, facet clicks and the same popular searches embed once.
 */
final class QueryVectors {

    static final int KEPT = 2_000;

    private final TextEmbedder embedder;
    // Threads of its own (the common pool has one on two cores, and searches would queue on it), two per core as
    // they also wait on the kNN request; idle ones end after a while, so a dropped service leaves none behind.
    private final java.util.concurrent.ThreadPoolExecutor threads = idleEnding(
            Math.max(4, 2 * Runtime.getRuntime().availableProcessors()));

    private static java.util.concurrent.ThreadPoolExecutor idleEnding(int size) {
        var pool = new java.util.concurrent.ThreadPoolExecutor(size, size, 30, java.util.concurrent.TimeUnit.SECONDS,
                new java.util.concurrent.LinkedBlockingQueue<>(), work -> {
                    Thread thread = new Thread(work, "query-vectors");
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * The threads, each task run under the log context of whoever submitted it: what is logged while a query is
     * embedded or its kNN request runs (the engine's breaker opening, say) carries the request's id. A stage that
     * follows another is submitted from within it, so it keeps the first caller's context.
     */
    private final java.util.concurrent.Executor inCallersLogContext = task -> {
        Map<String, String> caller = MDC.getCopyOfContextMap();
        threads.execute(() -> {
            Map<String, String> own = MDC.getCopyOfContextMap();
            setContext(caller);
            try {
                task.run();
            } finally {
                setContext(own);
            }
        });
    };

    private final Map<String, float[]> recent = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
            return size() > KEPT;
        }
    };

    QueryVectors(TextEmbedder embedder) {
        this.embedder = embedder;
    }

    /**
     * What {@code use} makes of the text's vector, in the background: the vector computed unless it is known, then
     * used on the same thread (a search request waits there, not on the caller's).
     */
    <T> CompletableFuture<T> with(String text, java.util.function.Function<float[], T> use) {
        return of(text).thenApplyAsync(use, inCallersLogContext);
    }

    private static void setContext(Map<String, String> context) {
        if (context == null) {
            MDC.clear();
        } else {
            MDC.setContextMap(context);
        }
    }

    /** The text's vector, computed in the background unless it is known. */
    private CompletableFuture<float[]> of(String text) {
        String key = Meaning.embeddedText(text);
        synchronized (recent) {
            float[] known = recent.get(key);
            if (known != null) {
                return CompletableFuture.completedFuture(known);
            }
        }
        return CompletableFuture.supplyAsync(() -> {
            float[] vector = embedder.embed(key);
            synchronized (recent) {
                recent.put(key, vector);
            }
            return vector;
        }, inCallersLogContext);
    }
}
