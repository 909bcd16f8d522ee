package org.talkarchive.web;

import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;
import org.talkarchive.indexer.ConsistencyCheck;
import org.talkarchive.indexer.Reindexer;

/**
 * Operations for administrators: reindex and consistency check. They need {@code Authorization: Bearer <token>}
 * with the token from TALKS_ADMIN_TOKEN; with no token configured they are switched off.
 */
public final class AdminController {

    private final BearerToken token;
    private final Reindexer reindexer;
    private final ConsistencyCheck consistency;

    public AdminController(Optional<String> token, Reindexer reindexer, ConsistencyCheck consistency) {
        this.token = new BearerToken(token, "TALKS_ADMIN_TOKEN");
        this.reindexer = reindexer;
        this.consistency = consistency;
    }

    void authorize(Context ctx) {
        token.require(ctx);
    }

    void reindex(Context ctx) {
        Reindexer.Report report = reindexer.reindex();
        ctx.json(Map.of("index", report.index(), "documents", report.documents(), "replayed", report.replayed(),
                "took_ms", report.took().toMillis()));
    }

    void consistency(Context ctx) {
        ctx.json(consistency.check(200));
    }
}
