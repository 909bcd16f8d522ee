package org.talkarchive.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.talkarchive.Archive;
import org.talkarchive.config.ArchiveConfig;
import org.talkarchive.config.SiteConfig;
import org.talkarchive.importer.ImportProgress;
import org.talkarchive.importer.ImportReport;
import org.talkarchive.importer.SampleCorpus;
import org.talkarchive.talks.VideoEmbeds;
import picocli.CommandLine.Command;

/** {@code demo}: {@code serve} with the 30-talk sample loaded first. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Load the 30-talk sample and serve the archive (embedded databases unless configured).",
        footer = {"", "Examples:",
                "  java -jar talk-archive.jar demo",
                "  TALKS_DATA_DIR=/tmp/demo java -jar talk-archive.jar demo --port 8080"},
        exitCodeList = ExitCodes.LIST_DATA_DIR_IN_USE)
final class DemoCommand extends ServeCommand {
    @Override
    void prepare(Archive archive, ArchiveConfig config, SiteConfig site) throws Exception {
        Path sample = SampleCorpus.extractTo(Files.createTempDirectory("talk-archive-sample"));
        ImportReport report = archive.importer().importCorpus(sample, ImportProgress.NONE,
                new VideoEmbeds(site.peertubeHosts()));
        System.out.println("Sample loaded: " + report.summary());
        super.prepare(archive, config, site);
        archive.sync().syncAll(); // shown at once, not after the first background round
    }
}
