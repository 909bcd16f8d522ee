package org.talkarchive.testing;

import java.util.Arrays;
import java.util.List;

/**
 * JVM options for the JVMs the integration tests start: Elasticsearch nodes and runs of the command line. They live
 * seconds to minutes, so compiling hot code a second time with C2 costs more CPU than it saves. Set by the build
 * ({@code talks.test.jvm.options} in the pom); none when a test runs without it.
 */
public final class ShortLivedJvms {

    private ShortLivedJvms() {
    }

    public static List<String> options() {
        String options = System.getProperty("talks.test.jvm.options", "").strip();
        return options.isEmpty() ? List.of() : Arrays.asList(options.split("\\s+"));
    }

    /** The same as {@code TALKS_ES_JAVA_OPTS} reads them, for archives the tests configure by environment. */
    public static String asEnvironmentValue() {
        return String.join(" ", options());
    }
}
