package org.talkarchive.cli;

import java.util.concurrent.Callable;
import org.talkarchive.Archive;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code index}: publishes the pending changes once, or keeps publishing them with {@code --follow}. */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = "Publish pending changes from PostgreSQL to the index (once, or --follow).",
        footer = {"", "Examples:",
                "  java -jar talk-archive.jar index",
                "  java -jar talk-archive.jar index --follow"})
final class IndexCommand implements Callable<Integer> {
    @Option(names = "--follow", description = "keep running and publish changes as they come")
    boolean follow;

    @Override
    public Integer call() {
        try (Archive archive = Archive.start(Environment.config())) {
            if (follow) {
                archive.ensureIndex();
                archive.followChanges(() -> !Thread.currentThread().isInterrupted());
            } else {
                publish(archive);
            }
            return 0;
        }
    }

    private static void publish(Archive archive) {
        if (!archive.index().isCurrent()) {
            archive.ensureIndex(); // a full build publishes everything at once
        }
        long published = archive.sync().syncAll();
        System.out.printf("Published %,d changes to the index%n", published);
    }
}
