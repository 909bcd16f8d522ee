package org.talkarchive.cli;

import java.util.concurrent.Callable;
import org.talkarchive.Archive;
import picocli.CommandLine.Command;

/** {@code embed}: the vectors talks wait for, computed now, and the talks published with them. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Compute the vectors talks wait for (search by meaning) and publish the talks with them.",
                "serve and index --follow do this in the background; this does it now, e.g. after an import."},
        footer = {"", "Examples:",
                "  java -jar talk-archive.jar import /data/pyvideo --no-publish && java -jar talk-archive.jar reindex"
                        + " && java -jar talk-archive.jar embed"})
final class EmbedCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        try (Archive archive = Archive.start(Environment.config())) {
            long started = System.nanoTime();
            long embedded = archive.vectors().embedAll();
            double seconds = (System.nanoTime() - started) / 1e9;
            long published = archive.sync().syncAll();
            System.out.printf("Embedded %,d talks in %.1f s (%,.1f talks/s); published %,d changes%n", embedded,
                    seconds, embedded / Math.max(seconds, 1e-3), published);
            return 0;
        }
    }
}
