package org.talkarchive.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.talkarchive.text.embedding.TextEmbedder;

class QueryVectorsTest {

    /** A model of two dimensions that counts the texts it was given. */
    private static final class CountingModel implements TextEmbedder {
        final AtomicInteger texts = new AtomicInteger();
        volatile String requestIdWhileEmbedding;

        @Override
        public String model() {
            return "counting";
        }

        @Override
        public int dimensions() {
            return 2;
        }

        @Override
        public boolean knowsAWordOf(String text) {
            return true;
        }

        @Override
        public List<float[]> embed(List<String> batch) {
            texts.addAndGet(batch.size());
            requestIdWhileEmbedding = MDC.get("request_id");
            return batch.stream().map(text -> new float[] {text.length(), 1}).toList();
        }
    }

    private final CountingModel model = new CountingModel();
    private final QueryVectors vectors = new QueryVectors(model);

    @AfterEach
    void clearContext() {
        MDC.clear();
    }

    @Test
    void whatUsesTheVectorLogsUnderTheCallersRequestId() throws Exception {
        for (String id : List.of("request-1", "request-2")) {
            MDC.put("request_id", id);
            String seen = vectors.with("django orm " + id, vector -> MDC.get("request_id")).get(5, TimeUnit.SECONDS);
            assertThat(seen).isEqualTo(id);
            assertThat(model.requestIdWhileEmbedding).as("the embedding of a new text, too").isEqualTo(id);
        }
        MDC.put("request_id", "request-3");
        assertThat(vectors.with("django orm request-1", vector -> MDC.get("request_id")).get(5, TimeUnit.SECONDS))
                .as("a known vector, used for another request").isEqualTo("request-3");
        MDC.clear();
        assertThat(vectors.with("django orm", vector -> MDC.get("request_id")).get(5, TimeUnit.SECONDS))
                .as("a caller without a request id leaves none from an earlier caller").isNull();
    }

    @Test
    void aTextIsEmbeddedOnceWhateverItsCaseAndSpaces() throws Exception {
        float[] first = vectors.with("Django ORM", v -> v).get(5, TimeUnit.SECONDS);
        float[] again = vectors.with("  django orm ", v -> v).get(5, TimeUnit.SECONDS);
        assertThat(again).isSameAs(first);
        assertThat(model.texts).hasValue(1);
    }
}
