package org.talkarchive.indexer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each cue's bridge to the next: its last words and the next one's first, for phrases said across the two. */
class CueBridgeTest {

    private static List<String> bridges(String... texts) {
        List<TalkDocument.Cue> said = new java.util.ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            said.add(new TalkDocument.Cue(i * 3, texts[i]));
        }
        List<TalkDocument.Cue> cues = TalkDocument.bridged(said);
        assertThat(cues).extracting(TalkDocument.Cue::text).containsExactly(texts);
        assertThat(cues).extracting(TalkDocument.Cue::start).containsExactlyElementsOf(
                said.stream().map(TalkDocument.Cue::start).toList());
        assertThat(cues).allSatisfy(cue -> assertThat(cue.bridge() == null ? "" : cue.bridge())
                .as("the bridge ends with the next cue's first words").endsWith(cue.next() == null ? "" : cue.next()));
        return cues.stream().map(TalkDocument.Cue::bridge).toList();
    }

    @Test
    void aCueIsBridgedByItsLastFourWordsToTheNextOnesFirstFour() {
        assertThat(bridges("Today I want to talk about machine…", "learning is everywhere, and so are pipelines.",
                "Thanks!"))
                .containsExactly("to talk about machine learning is everywhere and", "and so are pipelines Thanks",
                        null);
        assertThat(TalkDocument.bridged(List.of(new TalkDocument.Cue(0, "machine"),
                new TalkDocument.Cue(2, "learning is everywhere and beyond")))).extracting(TalkDocument.Cue::next)
                .containsExactly("learning is everywhere and", null);
    }

    @Test
    void shortCuesGiveWhatTheyHaveAndPunctuationIsNoWord() {
        assertThat(bridges("Yes.", "— no —", "it's über-cool, 100%")).containsExactly("Yes no",
                "no it's über cool 100", null);
        assertThat(bridges("♪", "♪ ♪", "Welcome")).containsExactly(null, "Welcome", null);
        assertThat(bridges("alone")).containsExactly((String) null);
        assertThat(TalkDocument.bridged(List.of())).isEmpty();
    }
}
