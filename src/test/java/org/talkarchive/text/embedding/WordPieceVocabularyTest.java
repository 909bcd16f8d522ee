package org.talkarchive.text.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordPieceVocabularyTest {

    private static WordPieceVocabulary of(String json) {
        return WordPieceVocabulary.fromTokenizerJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void wholeWordsCountNotWordPiecesOrSpecialTokens() {
        WordPieceVocabulary vocabulary = of("""
                {"model": {"type": "WordPiece", "vocab": {"[UNK]": 0, "[CLS]": 1, "test": 2, "##ing": 3, "cafe": 4,
                 "box": 5}}}""");
        assertThat(vocabulary.knowsAWordOf("Testing")).isFalse();
        assertThat(vocabulary.knowsAWordOf("ing unk cls")).isFalse();
        assertThat(vocabulary.knowsAWordOf("qqq TEST")).isTrue();
        assertThat(vocabulary.knowsAWordOf("Café!")).as("accents and case as the model reads them").isTrue();
        assertThat(vocabulary.knowsAWordOf("tests")).as("a plural by its singular").isTrue();
        assertThat(vocabulary.knowsAWordOf("boxes")).isTrue();
        assertThat(vocabulary.knowsAWordOf("zzz 2019")).as("a number").isTrue();
        assertThat(vocabulary.knowsAWordOf("машинное")).as("another script is not judged").isTrue();
        assertThat(vocabulary.knowsAWordOf("  ")).isFalse();
    }

    @Test
    void aTokenizerWithoutAVocabularyIsRefused() {
        assertThatThrownBy(() -> of("{\"model\": {\"type\": \"BPE\"}}")).isInstanceOf(IllegalStateException.class);
    }

    /** The archive's model: the gibberish seen to find 30 "similar topic" talks on the full corpus, and real queries. */
    @Test
    void theArchivesModelKnowsRealQueriesAndNotGibberish() {
        MiniLmEmbedder model = new MiniLmEmbedder();
        for (String gibberish : List.of("qqqzzzxxy", "asdfgh", "zorbulent", "flimwax trobble",
                "eszycid pyopumz gdpamnt yyawoix")) {
            assertThat(model.knowsAWordOf(gibberish)).as(gibberish).isFalse();
        }
        for (String query : List.of("making database queries efficient", "aprendizaje automático para principiantes",
                "europython 2017 type hints", "機械学習 入門", "how do I profile memory")) {
            assertThat(model.knowsAWordOf(query)).as(query).isTrue();
        }
    }
}
