package org.talkarchive.relevance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class InflectionsTest {

    private final Inflections inflections = new Inflections(Set.of(
            "test", "tests", "design", "make", "run", "plan", "apply", "use", "optimize", "automate", "library",
            "libraries", "class", "classes", "plugin", "plugins", "develop", "process", "analysi", "cod", "code", "programm", "program")::contains);

    @Test
    void reInflectsByTheDocumentedRulesWhenTheCorpusUsesTheResult() {
        assertThat(inflections.other("testing")).contains("test");
        assertThat(inflections.other("designing")).contains("design");
        assertThat(inflections.other("making")).contains("make");
        assertThat(inflections.other("running")).contains("run");
        assertThat(inflections.other("developing")).contains("develop");
        assertThat(inflections.other("planned")).contains("plan");
        assertThat(inflections.other("coding")).contains("code");          // not "cod"
        assertThat(inflections.other("programming")).contains("program"); // not "programm"
        assertThat(inflections.other("applied")).contains("apply");
        assertThat(inflections.other("used")).isEmpty(); // too short
        assertThat(inflections.other("optimization")).contains("optimize");
        assertThat(inflections.other("automation")).contains("automate");
        assertThat(inflections.other("libraries")).contains("library");
        assertThat(inflections.other("library")).contains("libraries");
        assertThat(inflections.other("classes")).contains("class");
        assertThat(inflections.other("plugins")).contains("plugin");
        assertThat(inflections.other("test")).contains("tests");
    }

    @Test
    void leavesAloneWhatNoRuleChangesIntoAWordOfTheCorpus() {
        assertThat(inflections.other("process")).isEmpty();   // "ss" is no plural
        assertThat(inflections.other("analysis")).isEmpty();  // nor is "is"
        assertThat(inflections.other("asyncio")).isEmpty();   // "asyncios" is not in the corpus
        assertThat(inflections.other("web2py")).isEmpty();    // digits
    }
}
