package org.talkarchive.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamesTest {

    @Test
    void cleanFoldsWhitespaceAndTrims() {
        assertThat(Names.clean("  Ana \u00A0 García\t")).isEqualTo("Ana García");
        assertThat(Names.clean(null)).isNull();
    }

    @Test
    void foldRemovesCaseAndAccents() {
        assertThat(Names.fold("Łukasz Langa")).isEqualTo("lukasz langa");
        assertThat(Names.fold("José MÜLLER")).isEqualTo("jose muller");
        assertThat(Names.fold("Straße")).isEqualTo("strasse");
    }

    @Test
    void slugIsUrlSafeAndKeepsOtherScripts() {
        assertThat(Names.slug("Łukasz  Langa")).isEqualTo("lukasz-langa");
        assertThat(Names.slug("Russell Keith-Magee")).isEqualTo("russell-keith-magee");
        assertThat(Names.slug("Sheena O'Connell")).isEqualTo("sheena-o-connell");
        assertThat(Names.slug("蘇嘉冠 (Jia-Kuan, Su)")).isEqualTo("蘇嘉冠-jia-kuan-su");
        assertThat(Names.slug("  --  ")).isEmpty();
    }

    @Test
    void tagKeyIgnoresCaseAndSpacing() {
        assertThat(Names.tagKey(" Lightning  Talks ")).isEqualTo("lightning talks");
        assertThat(Names.tagKey("DJANGO")).isEqualTo(Names.tagKey("django"));
    }
}
