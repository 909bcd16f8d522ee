package org.talkarchive.testing;

import io.javalin.Javalin;
import java.util.Optional;
import org.talkarchive.config.SiteConfig;

/**
 * A test archive's site served on a free loopback port, as {@code serve} serves it ({@link SiteConfig#local}'s pages).
 * Closing it stops the server: a test holds it in an {@code @AutoClose} field.
 *
 * @param base the site's address, {@code http://127.0.0.1:<port>}, to which a test appends paths
 */
public record ServedSite(Javalin app, String base) implements AutoCloseable {

    /** Serves the archive, its admin console on with {@code adminToken}, off without. */
    public static ServedSite start(TestArchive archive, Optional<String> adminToken) {
        Javalin app = archive.archive().web(adminToken, SiteConfig.local(7070)).start("127.0.0.1", 0);
        return new ServedSite(app, "http://127.0.0.1:" + app.port());
    }

    /** The address of a path on the site, e.g. {@code url("/?q=django")}. */
    public String url(String path) {
        return base + path;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
