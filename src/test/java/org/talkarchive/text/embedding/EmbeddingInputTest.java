package org.talkarchive.text.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddingInputTest {

    @Test
    void titleTagsAndTheDescriptionsOpeningAreEmbedded() {
        EmbeddingInput input = EmbeddingInput.of("Async views", List.of("django", "asyncio"), "Async  Django\nviews.");
        assertThat(input.text()).isEqualTo("Async views. django, asyncio. Async Django views.");
        assertThat(input.hash()).hasSize(64).matches("[0-9a-f]+");
    }

    @Test
    void theSameTextHasTheSameHashAndAnyChangeAnother() {
        EmbeddingInput a = EmbeddingInput.of("Title", List.of(), "Text");
        assertThat(EmbeddingInput.of("Title", List.of(), "Text").hash()).isEqualTo(a.hash());
        assertThat(EmbeddingInput.of("Title", List.of(), "Text!").hash()).isNotEqualTo(a.hash());
        assertThat(EmbeddingInput.of("Title", List.of("t"), "Text").hash()).isNotEqualTo(a.hash());
    }

    @Test
    void longDescriptionsAreCutAtAWordBoundary() {
        String description = "word ".repeat(200);
        String opening = EmbeddingInput.opening(description);
        assertThat(opening.length()).isLessThanOrEqualTo(EmbeddingInput.DESCRIPTION_CHARACTERS);
        assertThat(opening).endsWith("word");
        assertThat(EmbeddingInput.of("T", null, null).text()).isEqualTo("T");
    }
}
