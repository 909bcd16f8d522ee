package org.talkarchive.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpeakerNamesTest {

    @Test
    void placeholdersAreNotPeople() {
        assertThat(SpeakerNames.people(List.of("Various speakers", "Various Speakers", "", "  ", "TBA",
                "Lightning Talks, DAY 1 - PyTexas 202", "Panel", "Ana García"))).containsExactly("Ana García");
    }

    @Test
    void pairsAreSplitButCommaNamesAreNot() {
        assertThat(SpeakerNames.people(List.of("Andrey Lushnikov & Max Schmitt")))
                .containsExactly("Andrey Lushnikov", "Max Schmitt");
        assertThat(SpeakerNames.people(List.of("Anna Spysz and Chase Douglas")))
                .containsExactly("Anna Spysz", "Chase Douglas");
        assertThat(SpeakerNames.people(List.of("Chu, Hua-Rong"))).containsExactly("Chu, Hua-Rong");
        assertThat(SpeakerNames.people(List.of("Richard D. Copeland, Jr."))).containsExactly("Richard D. Copeland, Jr.");
    }

    @Test
    void whitespaceIsCleanedAndDuplicatesBySlugDropped() {
        assertThat(SpeakerNames.people(List.of(" Harry  Percival ", "harry percival", "Bob")))
                .containsExactly("Harry Percival", "Bob");
    }
}
