package org.talkarchive.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.talkarchive.indexer.Reindexer;

class ConsoleProgressTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    // a plain line every 20 ms instead of every 5 s
    private final ConsoleProgress progress = new ConsoleProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8),
            false, 20);

    private List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void aStageThatReachesItsTotalStopsPrintingAndThePhasesFollowAsLines() throws InterruptedException {
        progress.loading(3);
        progress.loaded(1);
        progress.loaded(3);
        Thread.sleep(400); // the last bulk requests being acknowledged: twenty line intervals
        progress.loaded(3);
        progress.phase(Reindexer.Phase.REPLAYING);
        progress.phase(Reindexer.Phase.SWITCHING);
        progress.close();

        List<String> lines = lines();
        // the library prints the full bar when it is reached and when it closes; left open, twenty more lines
        assertThat(lines.stream().filter(l -> l.startsWith("Indexing 100%"))).as("the full bar, not repeated")
                .hasSizeBetween(1, 3);
        assertThat(lines).containsSubsequence("Replaying the changes made while copying",
                "Switching the alias to the new index");
    }

    @Test
    void publishingThatHasEndedDoesNotStartAgainAtTheSameCount() {
        progress.published(2, 2); // reaches its total: the stage ends
        int said = bytes.size();
        progress.published(2, 2); // the follower reports the same count again
        assertThat(bytes.size()).as("nothing more printed").isEqualTo(said);
        progress.published(5, 5); // more changes arrived: a new stage
        progress.close();
        assertThat(bytes.toString(StandardCharsets.UTF_8).substring(said)).contains("Publishing", "5/5");
    }
}
