package org.talkarchive.web;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.UnauthorizedResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Guards an endpoint with {@code Authorization: Bearer <token>}, the token from the environment; with no token
 * configured the endpoint is switched off (403), never open.
 */
final class BearerToken {

    private final Optional<String> token;
    private final String variable;

    /** @param variable the environment variable the token comes from, named in the 403 */
    BearerToken(Optional<String> token, String variable) {
        this.token = token;
        this.variable = variable;
    }

    void require(Context ctx) {
        if (token.isEmpty()) {
            throw new ForbiddenResponse("Disabled: set " + variable + " to enable it");
        }
        String header = Optional.ofNullable(ctx.header("Authorization")).orElse("");
        String expected = "Bearer " + token.get();
        // Constant-time comparison: the response time must not tell how much of a guess was right.
        if (!MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new UnauthorizedResponse("A valid token (" + variable + ") is required");
        }
    }
}
