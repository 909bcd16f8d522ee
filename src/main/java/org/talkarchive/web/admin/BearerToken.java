package org.talkarchive.web.admin;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.UnauthorizedResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import org.talkarchive.admin.SignInLimiter;
import org.talkarchive.config.AccessTokens;

/**
 * Guards an endpoint with {@code Authorization: Bearer <token>}, the token from the environment; with no token
 * configured the endpoint is switched off (403), never open. A wrong token counts as a failed sign-in of the
 * client ({@link SignInLimiter}, shared with the console's sign-in form): guessing through the header is held to the
 * same few tries as guessing through the form.
 */
public final class BearerToken {

    private final Optional<String> token;
    private final String variable;
    private final SignInLimiter lockout;

    /**
     * @param variable the environment variable the token comes from, named in the 403
     * @param lockout  failed attempts per client, shared by every secret the site takes
     */
    public BearerToken(Optional<String> token, String variable, SignInLimiter lockout) {
        this.token = AccessTokens.check(variable, token);
        this.variable = variable;
        this.lockout = lockout;
    }

    public void require(Context ctx) {
        if (token.isEmpty()) {
            throw new ForbiddenResponse("Disabled: set " + variable + " to enable it");
        }
        String client = ctx.ip(); // the viewer's address, also behind a trusted proxy (ForwardedHeaders)
        Optional<Duration> wait = lockout.blocked(client);
        if (wait.isPresent()) {
            long seconds = Math.max(1, wait.get().toSeconds());
            ctx.header("Retry-After", Long.toString(seconds));
            throw new HttpResponseException(HttpStatus.TOO_MANY_REQUESTS.getCode(), "Too many failed attempts from"
                    + " your address; try again in " + seconds + " s");
        }
        String header = ctx.header("Authorization");
        String expected = "Bearer " + token.get();
        // Constant-time comparison: the response time must not tell how much of a guess was right.
        if (header == null || !MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8))) {
            if (header != null) {
                lockout.failed(client); // a guess; a request without any token guessed nothing
            }
            ctx.header("WWW-Authenticate", "Bearer");
            throw new UnauthorizedResponse("A valid token (" + variable + ") is required");
        }
        lockout.succeeded(client);
    }
}
