package org.talkarchive.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.talkarchive.Archive;
import org.talkarchive.config.ArchiveConfig;
import org.talkarchive.importer.CorpusRecords.Rejection;
import org.talkarchive.importer.ImportReport;
import org.talkarchive.indexer.IndexSync;
import org.talkarchive.talks.VideoEmbeds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code import}: a corpus in the pyvideo layout into PostgreSQL, then published unless told not to. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import a corpus in the pyvideo data layout into PostgreSQL, then publish it.",
        footer = {"", "Examples:",
                "  java -jar talk-archive.jar import /data/pyvideo",
                "  java -jar talk-archive.jar import --no-publish /data/pyvideo",
                "", "Progress goes to stderr: a bar on a terminal, else a line every few seconds.",
                "The summary goes to stdout."},
        exitCodeList = ExitCodes.LIST_REJECTED)
final class ImportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FOLDER", description = "the corpus folder (event folders with category.json and videos/)")
    Path folder;

    @Option(names = "--no-publish", description = "leave publishing to the index to a later 'index' or 'serve'")
    boolean noPublish;

    @Override
    public Integer call() {
        ArchiveConfig config = Environment.config();
        try (Archive archive = Archive.start(config); ConsoleProgress progress = ConsoleProgress.onStderr()) {
            ImportReport report = archive.importer().importCorpus(folder, progress,
                    new VideoEmbeds(Environment.site(config).peertubeHosts()));
            progress.close();
            for (Rejection rejection : report.rejections()) {
                System.err.println("rejected " + rejection);
            }
            for (Rejection downgraded : report.downgraded()) {
                System.err.println("downgraded " + downgraded);
            }
            System.out.println(report.summary());
            String published = "not published (--no-publish: the next 'index' or 'serve' publishes them)";
            if (!noPublish) {
                if (!archive.index().isCurrent()) {
                    archive.ensureIndex(progress); // a full build publishes everything at once
                    progress.close();
                }
                IndexSync.Publication publication = archive.sync().publish(report.changeIds(), progress);
                progress.close();
                published = String.format("published: %,d change records of %,d talks, %,d of them by this"
                        + " run, %,d by another publisher (a running serve, or the index build)",
                        publication.published(), report.talksChanged(), publication.byThisCall(),
                        publication.byOthers());
            }
            System.out.printf("Import done: read %,d talks in %,d events; changed %,d (%,d inserted, %,d"
                            + " updated, %,d deleted), %,d unchanged; rejected %,d; %s%n",
                    report.talksRead(), report.events(), report.inserted() + report.updated() + report.deleted(),
                    report.inserted(), report.updated(), report.deleted(), report.unchanged(),
                    report.rejections().size(), published);
            return report.rejections().isEmpty() ? ExitCodes.OK : ExitCodes.REJECTED;
        }
    }
}
