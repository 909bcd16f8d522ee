package org.talkarchive.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.talkarchive.text.embedding.MiniLmEmbedder;

/**
 * Search by meaning is left out for a query whose words the model does not know (TalkSearchService): the judged
 * queries of the relevance benchmark are all searched by meaning still, so its figures hold.
 */
class MeaningGateTest {

    private final MiniLmEmbedder model = new MiniLmEmbedder();

    @Test
    void everyJudgedQueryIsSearchedByMeaning() throws IOException {
        List<String> queries = Files.readAllLines(Path.of("src/test/resources/relevance/meaning-queries.tsv")).stream()
                .skip(1).filter(line -> !line.isBlank()).map(line -> line.split("\t")[1]).toList();
        assertThat(queries).hasSizeGreaterThanOrEqualTo(150)
                .allSatisfy(q -> assertThat(model.knowsAWordOf(WordsQuery.withoutFiller(q))).as(q).isTrue());
    }

    @Test
    void theAskingAloneDoesNotMakeGibberishKnown() {
        assertThat(model.knowsAWordOf(WordsQuery.withoutFiller("how do I qqqzzzxxy"))).isFalse();
        assertThat(model.knowsAWordOf(WordsQuery.withoutFiller("talks about flimwax"))).isFalse();
        assertThat(model.knowsAWordOf(WordsQuery.withoutFiller("how to"))).as("nothing but asking: all of it").isTrue();
    }
}
