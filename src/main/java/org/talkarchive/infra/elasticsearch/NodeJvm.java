package org.talkarchive.infra.elasticsearch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM an embedded node runs in.
 *
 * @param java    a Java 21+ executable
 * @param heap    the node's heap, e.g. "1g" (initial and maximum)
 * @param options more JVM options ({@code TALKS_ES_JAVA_OPTS}), after the archive's own, so they can override them
 */
public record NodeJvm(Path java, String heap, List<String> options) {

    public NodeJvm {
        options = List.copyOf(options);
    }

    public NodeJvm(Path java, String heap) {
        this(java, heap, List.of());
    }

    /** The command up to the class path: the executable and its options. */
    List<String> command() {
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xms" + heap, "-Xmx" + heap,
                "-XX:+UseSerialGC", // a small node on a small machine; G1's extra threads buy nothing here
                "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8",
                "-Dlog4j2.disable.jmx=true", "-Dlog4j.shutdownHookEnabled=false"));
        command.addAll(options);
        return command;
    }
}
