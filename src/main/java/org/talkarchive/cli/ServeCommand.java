package org.talkarchive.cli;

import io.javalin.Javalin;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.talkarchive.Archive;
import org.talkarchive.config.ArchiveConfig;
import org.talkarchive.config.SiteConfig;
import org.talkarchive.infra.DataDirectoryInUseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code serve}: the archive over HTTP, with publishing, the engine watch and the vector worker in the background. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the archive over HTTP, publishing changes to the index in the background.",
        footer = {"", "Examples:",
                "  java -jar talk-archive.jar serve",
                "  java -jar talk-archive.jar serve --port 8080",
                "", "Embedded engines must be this serve's own: with another process running them in",
                "TALKS_DATA_DIR, serve does not start (exit code 4)."},
        exitCodeList = ExitCodes.LIST_DATA_DIR_IN_USE)
class ServeCommand implements Callable<Integer> {
    @Mixin
    HttpOptions http;

    @Override
    public Integer call() throws Exception {
        ArchiveConfig config = http.config();
        SiteConfig site = Environment.site(config); // every setting is checked before an engine starts
        Archive archive;
        try {
            archive = Archive.startToServe(config);
        } catch (DataDirectoryInUseException e) {
            System.err.println(e.getMessage());
            return ExitCodes.DATA_DIR_IN_USE;
        }
        try (archive) {
            prepare(archive, config, site);
            serve(archive, config, site);
        }
        return 0;
    }

    void prepare(Archive archive, ArchiveConfig config, SiteConfig site) throws Exception {
        archive.prepareIndexForServing();
    }

    /**
     * Serves until the JVM is asked to stop (Ctrl+C, SIGTERM). The shutdown hook waits until the web server, the
     * sync and the embedded databases are closed here: the JVM would otherwise exit under them.
     */
    private static void serve(Archive archive, ArchiveConfig config, SiteConfig site) throws Exception {
        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopRequested.countDown();
            try {
                closed.await(60, TimeUnit.SECONDS);
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
            Javalin app = archive.web(config.adminToken(), config.metricsToken(), site)
                    .start(config.httpHost(), config.httpPort());
            System.out.println("Talk Archive is running at http://localhost:" + app.port() + "/  (Ctrl+C stops it)");
            stopRequested.await();
            app.stop();
        } finally {
            archive.close();
            closed.countDown();
        }
    }
}
