package org.talkarchive.talks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StartTimeTest {

    @ParameterizedTest
    @CsvSource({"90, 90", "0, 0", "1h2m3s, 3723", "2m, 120", "45s, 45", "1h, 3600", "1H05S, 3605", "2m30s, 150",
            "' 75 ', 75"})
    void secondsOrHoursMinutesAndSeconds(String value, int seconds) {
        assertThat(StartTime.parse(value)).isEqualTo(seconds);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "1:02", "-5", "1m2h", "h", "9999999"})
    void anythingElseIsRefusedWithWhatIsAccepted(String value) {
        assertThatThrownBy(() -> StartTime.parse(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1h2m3s").hasMessageContaining("was '" + value + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"999999", "25h", "1441m"})
    void moreThanADayIsAMistake(String value) {
        assertThatThrownBy(() -> StartTime.parse(value)).hasMessageContaining("at most 24 hours");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void noneMeansTheStart(String value) {
        assertThat(StartTime.parse(value)).isZero();
        assertThat(StartTime.parse(null)).isZero();
    }
}
