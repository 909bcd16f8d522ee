package org.talkarchive.relevance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class InflectionsTest {

    private final Inflections inflections = new Inflections(Set.of(
            "test", "tests", "design", "make", "run", "plan", "apply", "use", "optimize", "automate", "library",
            "libraries", "class", "classes", "plugin", "plugins", "develop", "process", "analysi", "cod", "code",
            "programm", "program")::contains);

    @ParameterizedTest
    @CsvSource({
        "testing, test", "designing, design", "making, make", "running, run", "developing, develop",
        "planned, plan", "applied, apply", "coding, code", "programming, program", "optimization, optimize",
        "automation, automate", "libraries, library", "library, libraries", "classes, class", "plugins, plugin",
        "test, tests"})
    void reInflectsByTheDocumentedRulesWhenTheCorpusUsesTheResult(String word, String other) {
        assertThat(inflections.other(word)).contains(other);
    }

    /** Too short; "ss" and "is" are no plurals; "asyncios" is not in the corpus; digits. */
    @ParameterizedTest
    @ValueSource(strings = {"used", "process", "analysis", "asyncio", "web2py"})
    void leavesAloneWhatNoRuleChangesIntoAWordOfTheCorpus(String word) {
        assertThat(inflections.other(word)).isEmpty();
    }
}
