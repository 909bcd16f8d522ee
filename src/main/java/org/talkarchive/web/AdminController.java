package org.talkarchive.web;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.UnauthorizedResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import org.talkarchive.indexer.ConsistencyCheck;
import org.talkarchive.indexer.Reindexer;

/**
 * Operations for administrators: reindex and consistency check. They need {@code Authorization: Bearer <token>}
 * with the token from TALKS_ADMIN_TOKEN; with no token configured they are switched off.
 */
public final class AdminController {

    private final Optional<String> token;
    private final Reindexer reindexer;
    private final ConsistencyCheck consistency;

    public AdminController(Optional<String> token, Reindexer reindexer, ConsistencyCheck consistency) {
        this.token = token;
        this.reindexer = reindexer;
        this.consistency = consistency;
    }

    void authorize(Context ctx) {
        if (token.isEmpty()) {
            throw new ForbiddenResponse("Admin operations are disabled: set TALKS_ADMIN_TOKEN to enable them");
        }
        String header = Optional.ofNullable(ctx.header("Authorization")).orElse("");
        String expected = "Bearer " + token.get();
        // Constant-time comparison: the response time must not tell how much of a guess was right.
        if (!MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new UnauthorizedResponse("A valid admin token is required");
        }
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
