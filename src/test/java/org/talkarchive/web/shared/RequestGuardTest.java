package org.talkarchive.web.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.talkarchive.search.InvalidParameterException;

class RequestGuardTest {

    @Test
    void cleanQueriesAndPathsPass() {
        RequestGuard.checkQuery("q=caf%C3%A9+au+lait&tag=c%2B%2B&tag=%23python&year=2023&flag");
        RequestGuard.checkQuery("q=%F0%9F%90%8D"); // a surrogate pair, as UTF-8, is fine
        RequestGuard.checkPath("/talks/djangocon-us-2023/beyond-the-basics-of-migrations");
        RequestGuard.checkPath("/speakers/%E6%97%A5%E6%9C%AC");
        RequestGuard.checkQuery("q=%D7%A9%D7%9C%D7%95%D7%9D%E2%80%8F+python"); // Hebrew with a right-to-left mark
        assertThat(RequestGuard.decode("q", "a+b%26c")).isEqualTo("a b&c");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "q=%00          | q      | U+0000",
            "q=a%0Ab        | q      | U+000A",
            "q=%C2%85       | q      | U+0085",
            "q=%            | q      | %",
            "q=%4           | q      | %",
            "q=%G1          | q      | %",
            "q=%ED%A0%80    | q      | UTF-8",
            "q=%C0%80       | q      | UTF-8",
            "q=%FF          | q      | UTF-8",
            "%00=1          | (name) | U+0000",
            "q=%E2%80%AEmoc | q      | bidirectional control character U+202E",
            "q=a%E2%81%A6b  | q      | bidirectional control character U+2066",
    })
    void badQueriesNameTheParameterAndTheReason(String query, String parameter, String reason) {
        assertThatThrownBy(() -> RequestGuard.checkQuery(query)).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(((InvalidParameterException) e).parameter()).isEqualTo(parameter));
    }

    @Test
    void limitsLengthAndCount() {
        RequestGuard.checkQuery("q=" + "a".repeat(RequestGuard.MAX_VALUE_LENGTH));
        assertThatThrownBy(() -> RequestGuard.checkQuery("q=" + "a".repeat(RequestGuard.MAX_VALUE_LENGTH + 1)))
                .hasMessageContaining("longer than");
        assertThatThrownBy(() -> RequestGuard.checkQuery("t=1&".repeat(RequestGuard.MAX_PARAMETERS + 1)))
                .hasMessageContaining("more than");
        assertThatThrownBy(() -> RequestGuard.checkPath("/speakers/%u0041")).hasMessageContaining("%");
        assertThatThrownBy(() -> RequestGuard.checkPath("/speakers/a%7Fb")).hasMessageContaining("U+007F");
    }
}
