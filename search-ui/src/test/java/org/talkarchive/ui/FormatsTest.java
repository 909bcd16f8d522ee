package org.talkarchive.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FormatsTest {

    @Test
    void durations() {
        assertThat(Formats.duration(3725)).isEqualTo("1:02:05");
        assertThat(Formats.duration(1500)).isEqualTo("25:00");
        assertThat(Formats.duration(null)).isEmpty();
        assertThat(Formats.duration(0)).isEmpty();
    }

    @Test
    void initialsOfTheFirstTwoWords() {
        assertThat(Formats.initials("Securing Django Applications")).isEqualTo("SD");
        assertThat(Formats.initials("  \"ünïcode\", 2024")).isEqualTo("Ü2");
        assertThat(Formats.initials("Keynote")).isEqualTo("K");
        assertThat(Formats.initials("𝐁old 𝐌ath")).isEqualTo("𝐁𝐌");
        assertThat(Formats.initials("—")).isEmpty();
        assertThat(Formats.initials(null)).isEmpty();
    }
}
