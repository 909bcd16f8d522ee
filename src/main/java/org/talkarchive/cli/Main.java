package org.talkarchive.cli;

import io.javalin.Javalin;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.talkarchive.Archive;
import org.talkarchive.config.ArchiveConfig;
import org.talkarchive.config.SiteConfig;
import org.talkarchive.importer.CorpusRecords.Rejection;
import org.talkarchive.importer.ImportProgress;
import org.talkarchive.importer.ImportReport;
import org.talkarchive.importer.SampleCorpus;
import org.talkarchive.indexer.ConsistencyCheck;
import org.talkarchive.indexer.IndexSync;
import org.talkarchive.indexer.ReindexInProgressException;
import org.talkarchive.indexer.Reindexer;
import org.talkarchive.infra.DataDirectoryInUseException;
import org.talkarchive.synthetic.CorpusModel;
import org.talkarchive.synthetic.SyntheticCorpus;
import org.talkarchive.talks.VideoEmbeds;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.UnmatchedArgumentException;

/** The command line: one runnable jar, one subcommand per job. Configuration comes from the environment. */
@Command(name = "talk-archive", mixinStandardHelpOptions = true, version = "talk-archive 0.1",
        description = "A searchable archive of conference talk videos.",
        subcommands = {Main.Serve.class, Main.Demo.class, Main.Import.class, Main.Index.class, Main.Reindex.class,
                Main.Embed.class, Main.Check.class, Main.Generate.class, Main.Learn.class, HelpCommand.class},
        footer = {"", "Examples:",
                "  java -jar talk-archive.jar demo",
                "  java -jar talk-archive.jar import /data/pyvideo",
                "  java -jar talk-archive.jar help import",
                "", "Configuration comes from the environment (DATABASE_URL, ELASTICSEARCH_URL, TALKS_DATA_DIR, PORT,",
                "TALKS_ADMIN_TOKEN, ...); see the README."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.LIST_OK, ExitCodes.LIST_USAGE, ExitCodes.LIST_FAILURE})
public final class Main {

    public static void main(String[] args) {
        selectLogFormat(System.getenv("TALKS_LOG_FORMAT"));
        System.exit(commandLine().execute(args));
    }

    /** TALKS_LOG_FORMAT=json: JSON log lines (logback-json.xml); read by logback when the first logger is made. */
    static void selectLogFormat(String format) {
        if ("json".equalsIgnoreCase(format)) {
            System.setProperty("logback.configurationFile", "logback-json.xml");
        } else if (format != null && !format.isBlank() && !"plain".equalsIgnoreCase(format)) {
            System.err.println("TALKS_LOG_FORMAT=" + format + " is neither 'plain' nor 'json'; logging plain lines");
        }
    }

    /** The command line as {@link #main} runs it; tests run it too. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        withExitCodes(cli);
        cli.setParameterExceptionHandler(Main::usageError);
        cli.setExecutionExceptionHandler(Main::failure);
        return cli;
    }

    /**
     * An engine that cannot be reached is the operator's to fix: one line naming it, exit code 70. Anything else is
     * rethrown, and picocli prints it with its stack trace (exit code 70 as well).
     */
    private static int failure(Exception e, CommandLine command, ParseResult parsed) throws Exception {
        Optional<String> away = EngineAway.describe(e);
        if (away.isEmpty()) {
            throw e;
        }
        command.getErr().println(command.getCommandName() + " failed: " + away.get());
        return ExitCodes.FAILURE;
    }

    /** A usage error: what was wrong, what was probably meant, and the usage (picocli drops it for suggestions). */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        command.usage(err);
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static void withExitCodes(CommandLine cli) {
        cli.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.USAGE).exitCodeOnExecutionException(ExitCodes.FAILURE);
        cli.getSubcommands().values().forEach(Main::withExitCodes);
    }

    static ArchiveConfig config() {
        return ArchiveConfig.fromEnvironment(System.getenv());
    }

    static SiteConfig site(ArchiveConfig config) {
        return SiteConfig.fromEnvironment(System.getenv(), config.httpPort());
    }

    /** The options of the commands that serve over HTTP. */
    static final class HttpOptions {
        @Option(names = "--port", description = "HTTP port (default: PORT or 7070)")
        Integer port;

        ArchiveConfig config() {
            return port == null ? Main.config() : Main.config().withHttpPort(port);
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Serve the archive over HTTP, publishing changes to the index in the background.",
            footer = {"", "Examples:",
                    "  java -jar talk-archive.jar serve",
                    "  java -jar talk-archive.jar serve --port 8080",
                    "", "Embedded engines must be this serve's own: with another process running them in",
                    "TALKS_DATA_DIR, serve does not start (exit code 4)."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {ExitCodes.LIST_OK, ExitCodes.LIST_DATA_DIR_IN_USE, ExitCodes.LIST_USAGE,
                    ExitCodes.LIST_FAILURE})
    static class Serve implements Callable<Integer> {
        @Mixin
        HttpOptions http;

        @Override
        public Integer call() throws Exception {
            ArchiveConfig config = http.config();
            Archive archive;
            try {
                archive = Archive.startToServe(config);
            } catch (DataDirectoryInUseException e) {
                System.err.println(e.getMessage());
                return ExitCodes.DATA_DIR_IN_USE;
            }
            try (archive) {
                prepare(archive, config);
                serve(archive, config);
            }
            return 0;
        }

        void prepare(Archive archive, ArchiveConfig config) throws Exception {
            archive.prepareIndexForServing();
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Load the 30-talk sample and serve the archive (embedded databases unless configured).",
            footer = {"", "Examples:",
                    "  java -jar talk-archive.jar demo",
                    "  TALKS_DATA_DIR=/tmp/demo java -jar talk-archive.jar demo --port 8080"},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {ExitCodes.LIST_OK, ExitCodes.LIST_DATA_DIR_IN_USE, ExitCodes.LIST_USAGE,
                    ExitCodes.LIST_FAILURE})
    static final class Demo extends Serve {
        @Override
        void prepare(Archive archive, ArchiveConfig config) throws Exception {
            Path sample = SampleCorpus.extractTo(Files.createTempDirectory("talk-archive-sample"));
            ImportReport report = archive.importer().importCorpus(sample, ImportProgress.NONE,
                    new VideoEmbeds(site(config).peertubeHosts()));
            System.out.println("Sample loaded: " + report.summary());
            super.prepare(archive, config);
            archive.sync().syncAll(); // shown at once, not after the first background round
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Import a corpus in the pyvideo data layout into PostgreSQL, then publish it.",
            footer = {"", "Examples:",
                    "  java -jar talk-archive.jar import /data/pyvideo",
                    "  java -jar talk-archive.jar import --no-publish /data/pyvideo",
                    "", "Progress goes to stderr: a bar on a terminal, else a line every few seconds.",
                    "The summary goes to stdout."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {ExitCodes.LIST_OK, ExitCodes.LIST_REJECTED, ExitCodes.LIST_USAGE,
                    ExitCodes.LIST_FAILURE})
    static final class Import implements Callable<Integer> {
        @Parameters(paramLabel = "FOLDER", description = "the corpus folder (event folders with category.json and videos/)")
        Path folder;

        @Option(names = "--no-publish", description = "leave publishing to the index to a later 'index' or 'serve'")
        boolean noPublish;

        @Override
        public Integer call() {
            ArchiveConfig config = config();
            try (Archive archive = Archive.start(config); ConsoleProgress progress = ConsoleProgress.onStderr()) {
                ImportReport report = archive.importer().importCorpus(folder, progress,
                        new VideoEmbeds(site(config).peertubeHosts()));
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

    @Command(name = "index", mixinStandardHelpOptions = true,
            description = "Publish pending changes from PostgreSQL to the index (once, or --follow).",
            footer = {"", "Examples:",
                    "  java -jar talk-archive.jar index",
                    "  java -jar talk-archive.jar index --follow"},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {ExitCodes.LIST_OK, ExitCodes.LIST_USAGE, ExitCodes.LIST_FAILURE})
    static final class Index implements Callable<Integer> {
        @Option(names = "--follow", description = "keep running and publish changes as they come")
        boolean follow;

        @Override
        public Integer call() {
            try (Archive archive = Archive.start(config())) {
                if (follow) {
                    archive.ensureIndex();
                    archive.followChanges(() -> !Thread.currentThread().isInterrupted());
                } else {
                    publish(archive);
                }
                return 0;
            }
        }
    }

    @Command(name = "reindex", mixinStandardHelpOptions = true,
            description = "Build a fresh index from PostgreSQL and swap the alias to it; searches keep working.",
            footer = {"", "Examples:",
                    "  java -jar talk-archive.jar reindex",
                    "  java -jar talk-archive.jar reindex && java -jar talk-archive.jar check"},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {ExitCodes.LIST_OK, ExitCodes.LIST_REINDEX_RUNNING, ExitCodes.LIST_USAGE,
                    ExitCodes.LIST_FAILURE})
    static final class Reindex implements Callable<Integer> {
        @Override
        public Integer call() {
            try (Archive archive = Archive.start(config()); ConsoleProgress progress = ConsoleProgress.onStderr()) {
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

    @Command(name = "embed", mixinStandardHelpOptions = true,
            description = {"Compute the vectors talks wait for (search by meaning) and publish the talks with them.",
                    "serve and index --follow do this in the background; this does it now, e.g. after an import."},
            footer = {"", "Examples:",
                    "  java -jar talk-archive.jar import /data/pyvideo --no-publish && java -jar talk-archive.jar reindex"
                            + " && java -jar talk-archive.jar embed"},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {ExitCodes.LIST_OK, ExitCodes.LIST_USAGE, ExitCodes.LIST_FAILURE})
    static final class Embed implements Callable<Integer> {
        @Override
        public Integer call() {
            try (Archive archive = Archive.start(config())) {
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

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Compare PostgreSQL and the index; exit code 1 when they drifted.",
            footer = {"", "Examples:",
                    "  java -jar talk-archive.jar check",
                    "  java -jar talk-archive.jar check --sample 5000"},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {ExitCodes.LIST_OK, ExitCodes.LIST_DRIFT, ExitCodes.LIST_USAGE, ExitCodes.LIST_FAILURE})
    static final class Check implements Callable<Integer> {
        @Option(names = "--sample", defaultValue = "500", description = "talks and documents to compare (default 500)")
        int sample;

        @Override
        public Integer call() {
            try (Archive archive = Archive.start(config())) {
                ConsistencyCheck.Report report = archive.consistency().check(sample);
                System.out.println(report.summary());
                return report.consistent() ? ExitCodes.OK : ExitCodes.DRIFT;
            }
        }
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = "Write a synthetic corpus in the pyvideo layout, with the real corpus's distributions"
                    + " (for scale tests); the same seed and size give byte-identical files.",
            footer = {"", "Examples:",
                    "  java -jar talk-archive.jar generate --talks 100000 --seed 42 --out /tmp/synthetic",
                    "  java -jar talk-archive.jar generate --talks 1000 --out /tmp/small --model my-model.json",
                    "", "Then: java -jar talk-archive.jar import /tmp/synthetic",
                    "Needs no engines and no corpus: the model (frequency tables learned by 'learn') is built in."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {ExitCodes.LIST_OK, ExitCodes.LIST_USAGE, ExitCodes.LIST_FAILURE})
    static final class Generate implements Callable<Integer> {
        @Option(names = "--talks", required = true, description = "how many talks to write")
        int talks;

        @Option(names = "--seed", defaultValue = "1", description = "seed of the generator (default 1)")
        long seed;

        @Option(names = "--out", required = true, description = "an empty or new folder to write to")
        Path out;

        @Option(names = "--model", description = "a model file written by 'learn' (default: the built-in one,"
                + " learned from the pyvideo corpus)")
        Path model;

        @Override
        public Integer call() {
            com.fasterxml.jackson.databind.ObjectMapper json = org.talkarchive.infra.Json.create();
            CorpusModel corpusModel = model == null ? CorpusModel.builtIn(json) : CorpusModel.read(json, model);
            long started = System.nanoTime();
            SyntheticCorpus.Summary summary;
            try (ConsoleProgress progress = ConsoleProgress.onStderr()) {
                progress.generating(talks);
                summary = new SyntheticCorpus(corpusModel, json).generate(talks, seed, out, progress::generated);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("Generated %,d talks in %,d events (%,.1f MB) in %s in %.1f s (%,.0f talks/s)%n",
                    summary.talks(), summary.events(), summary.bytes() / 1e6, out, seconds, summary.talks() / seconds);
            return 0;
        }
    }

    @Command(name = "learn", mixinStandardHelpOptions = true,
            description = "Learn the synthetic corpus model (frequency tables) from a corpus in the pyvideo layout.",
            footer = {"", "Examples:",
                    "  java -jar talk-archive.jar learn /tmp/pyvideo --out src/main/resources/synthetic/pyvideo-model.json",
                    "", "Reads the corpus as 'import' does (rejected records are left out); needs no engines."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {ExitCodes.LIST_OK, ExitCodes.LIST_USAGE, ExitCodes.LIST_FAILURE})
    static final class Learn implements Callable<Integer> {
        @Parameters(paramLabel = "FOLDER", description = "the corpus folder (event folders with category.json and videos/)")
        Path folder;

        @Option(names = "--out", required = true, description = "the model file to write (JSON)")
        Path out;

        @Override
        public Integer call() {
            com.fasterxml.jackson.databind.ObjectMapper json = org.talkarchive.infra.Json.create();
            var corpus = new org.talkarchive.importer.PyvideoCorpusReader(json).read(folder, n -> { });
            CorpusModel model = CorpusModel.learn("pyvideo corpus: " + folder.getFileName(), corpus.events());
            model.write(json, out);
            System.out.println("Learned " + model.describe() + "; written to " + out);
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

    /**
     * Serves until the JVM is asked to stop (Ctrl+C, SIGTERM). The shutdown hook waits until the web server, the
     * sync and the embedded databases are closed here: the JVM would otherwise exit under them.
     */
    private static void serve(Archive archive, ArchiveConfig config) throws Exception {
        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopRequested.countDown();
            try {
                closed.await(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shutdown"));
        archive.warmUpEngine(); // the first viewer must not find the node cold
        // the vector worker stops first: what it has embedded is then published before the publisher stops
        try (AutoCloseable sync = archive.startBackgroundSync(Archive.FALLBACK_POLL, true);
             AutoCloseable engineWatch = archive.startEngineWatch();
             AutoCloseable cleanup = archive.startLeftoversCleanup(Archive.LEFTOVERS_CLEANUP);
             AutoCloseable vectors = archive.startVectorWorker()) {
            Javalin app = archive.web(config.adminToken(), config.metricsToken(), site(config)).start(config.httpHost(), config.httpPort());
            System.out.println("Talk Archive is running at http://localhost:" + app.port() + "/  (Ctrl+C stops it)");
            stopRequested.await();
            app.stop();
        } finally {
            archive.close();
            closed.countDown();
        }
    }
}
