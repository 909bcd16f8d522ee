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

    @Test
    void decoratedSpellingsAreThePersonTheyName() {
        assertThat(SpeakerNames.person("Dr. Greg Wilson")).isEqualTo("Greg Wilson");
        assertThat(SpeakerNames.person("Dr Andrew Robinson")).isEqualTo("Andrew Robinson");
        assertThat(SpeakerNames.person("Prof. Dr. Michael Feindt")).isEqualTo("Michael Feindt");
        assertThat(SpeakerNames.person("Dr. Ing. Ratnani Ahmed")).isEqualTo("Ratnani Ahmed");
        assertThat(SpeakerNames.person("Andrew Godwin (keynote)")).isEqualTo("Andrew Godwin");
        assertThat(SpeakerNames.person("Jannis Leidel (he/him)")).isEqualTo("Jannis Leidel");
        assertThat(SpeakerNames.person("Amber Brown (\"HawkOwl\")")).isEqualTo("Amber Brown");
        assertThat(SpeakerNames.person("Michael (Stu) Stewart")).isEqualTo("Michael Stewart");
        assertThat(SpeakerNames.key("Dr. Greg Wilson")).isEqualTo(SpeakerNames.key("greg wilson"));
    }

    @Test
    void whatIsNotClearlyDecorationStays() {
        assertThat(SpeakerNames.person("Stu (Michael Stewart)")).isEqualTo("Stu (Michael Stewart)");
        assertThat(SpeakerNames.person("郭學聰 (Hsueh-Tsung Kuo)")).isEqualTo("郭學聰 (Hsueh-Tsung Kuo)");
        assertThat(SpeakerNames.person("Dr. Who")).as("a title before one word is the name").isEqualTo("Dr. Who");
        assertThat(SpeakerNames.person("Drew Houston")).isEqualTo("Drew Houston");
        assertThat(SpeakerNames.person("Richard D. Copeland, Jr.")).isEqualTo("Richard D. Copeland, Jr.");
    }

    @Test
    void oneTalkNamesAPersonOnceHoweverDecorated() {
        assertThat(SpeakerNames.people(List.of("Dr. Greg Wilson", "Greg Wilson (keynote)", "Ana García")))
                .containsExactly("Dr. Greg Wilson", "Ana García");
    }
}
