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
}
