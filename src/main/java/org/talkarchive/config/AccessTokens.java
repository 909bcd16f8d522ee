package org.talkarchive.config;

import java.util.Optional;

/**
 * The rule for the secrets that open the admin API, the console and {@code /metrics}: at least
 * {@value #MIN_LENGTH} characters. A short token can be guessed from the outside (the lockout slows guessing, it
 * does not make a short token long); checked when the archive starts, so a weak one never serves.
 */
public final class AccessTokens {

    public static final int MIN_LENGTH = 32;

    private AccessTokens() {
    }

    /** The token as given, or an error that names the variable and says how to make a good one. */
    public static Optional<String> check(String variable, Optional<String> token) {
        token.ifPresent(t -> {
            if (t.length() < MIN_LENGTH) {
                throw new IllegalArgumentException(variable + " must be at least " + MIN_LENGTH + " characters long,"
                        + " not " + t.length() + ": a short token can be guessed. Make one with"
                        + " `openssl rand -base64 32`");
            }
        });
        return token;
    }
}
