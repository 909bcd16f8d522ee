package org.talkarchive.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LicenseTest {

    @Test
    void creativeCommonsAddressesAreNamed() {
        assertThat(License.of("http://creativecommons.org/licenses/by/3.0/"))
                .isEqualTo(new License("CC BY 3.0", "http://creativecommons.org/licenses/by/3.0/"));
        assertThat(License.of("https://creativecommons.org/licenses/by-nc-sa/4.0/").name()).isEqualTo("CC BY-NC-SA 4.0");
        assertThat(License.of("https://creativecommons.org/publicdomain/zero/1.0/").name()).isEqualTo("CC0 1.0");
    }

    @Test
    void otherAddressesAreNamedByTheirSiteAndWordsStayWords() {
        assertThat(License.of("https://www.youtube.com/t/terms").name()).isEqualTo("Licence at youtube.com");
        assertThat(License.of("Standard YouTube License")).isEqualTo(new License("Standard YouTube License", null));
        assertThat(License.of("  ")).isNull();
        assertThat(License.of(null)).isNull();
    }
}
