package org.talkarchive.cli;

import java.util.concurrent.Callable;
import org.talkarchive.Archive;
import org.talkarchive.indexer.ReindexInProgressException;
import org.talkarchive.indexer.Reindexer;
import picocli.CommandLine.Command;

/** {@code reindex}: a fresh index built from PostgreSQL, the alias swapped to it. */
@Command(name = "reindex", mixinStandardHelpOptions = true,
        description = "Build a fresh index from PostgreSQL and swap the alias to it; searches keep working.",
        footer = {"", "Examples:",
                "  java -jar talk-archive.jar reindex",
                "  java -jar talk-archive.jar reindex && java -jar talk-archive.jar check"},
        exitCodeList = ExitCodes.LIST_REINDEX_RUNNING)
final class ReindexCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        try (Archive archive = Archive.start(Environment.config()); ConsoleProgress progress = ConsoleProgress.onStderr()) {
            Reindexer.Report report;
            try {
                report = archive.reindexer().reindex(progress);
                progress.close();
            } catch (ReindexInProgressException e) {
                System.err.println(e.getMessage());
                return ExitCodes.REINDEX_RUNNING;
            }
            System.out.printf("Reindexed %,d talks into %s in %.1f s (%,.0f documents/s, %d replayed)%n",
                    report.documents(), report.index(), report.took().toMillis() / 1000.0,
                    report.documentsPerSecond(), report.replayed());
            report.warnings().forEach(warning -> System.err.println("warning: " + warning));
            return 0;
        }
    }
}
