package org.talkarchive.cli;

import java.util.concurrent.Callable;
import org.talkarchive.Archive;
import org.talkarchive.indexer.ConsistencyCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code check}: PostgreSQL and the index compared; exit code 1 on drift. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Compare PostgreSQL and the index; exit code 1 when they drifted.",
        footer = {"", "Examples:",
                "  java -jar talk-archive.jar check",
                "  java -jar talk-archive.jar check --sample 5000"},
        exitCodeList = ExitCodes.LIST_DRIFT)
final class CheckCommand implements Callable<Integer> {
    @Option(names = "--sample", defaultValue = "500", description = "talks and documents to compare (default 500)")
    int sample;

    @Override
    public Integer call() {
        try (Archive archive = Archive.start(Environment.config())) {
            ConsistencyCheck.Report report = archive.consistency().check(sample);
            System.out.println(report.summary());
            return report.consistent() ? ExitCodes.OK : ExitCodes.DRIFT;
        }
    }
}
