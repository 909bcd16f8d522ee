package org.talkarchive.text.embedding;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.List;

/**
 * The quantized all-MiniLM-L6-v2 model (English, 384 dimensions), shipped inside a Maven Central jar and run by ONNX
 * Runtime in this JVM: nothing is downloaded and no service is called. The library loads the weights once per
 * process (about 1 s and 100 MB), when the first text is embedded, so commands that embed nothing never load them.
 */
public final class MiniLmEmbedder implements TextEmbedder {

    /** Changes with the artifact's version: a new version may embed differently. */
    public static final String MODEL = "all-minilm-l6-v2-q@1.19.0-beta29";
    public static final int DIMENSIONS = 384;
    /** The model's tokenizer, shipped in the same artifact as the model. */
    private static final WordPieceVocabulary VOCABULARY = WordPieceVocabulary.fromTokenizerJson(
            MiniLmEmbedder.class.getResourceAsStream("/all-minilm-l6-v2-q-tokenizer.json"));

    private volatile AllMiniLmL6V2QuantizedEmbeddingModel model;

    @Override
    public String model() {
        return MODEL;
    }

    @Override
    public int dimensions() {
        return DIMENSIONS;
    }

    @Override
    public boolean knowsAWordOf(String text) {
        return VOCABULARY.knowsAWordOf(text);
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<TextSegment> segments = texts.stream().map(t -> TextSegment.from(t.isBlank() ? "-" : t)).toList();
        return loaded().embedAll(segments).content().stream().map(MiniLmEmbedder::unit).toList();
    }

    private AllMiniLmL6V2QuantizedEmbeddingModel loaded() {
        AllMiniLmL6V2QuantizedEmbeddingModel loaded = model;
        if (loaded == null) {
            synchronized (this) {
                if (model == null) {
                    model = new AllMiniLmL6V2QuantizedEmbeddingModel();
                }
                loaded = model;
            }
        }
        return loaded;
    }

    /** The vector scaled to length 1 (the model's are close to it, not exactly): dot product is then cosine. */
    static float[] unit(Embedding embedding) {
        float[] v = embedding.vector();
        double sum = 0;
        for (float x : v) {
            sum += x * x;
        }
        float norm = (float) Math.sqrt(sum);
        if (norm == 0) {
            return v;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= norm;
        }
        return v;
    }
}
