package org.talkarchive.curation;

import java.time.Duration;

/** A client sent more problem reports than its allowance; it may send the next after {@code retryAfter}. */
public final class TooManyReportsException extends RuntimeException {

    private final Duration retryAfter;

    public TooManyReportsException(Duration retryAfter) {
        super("Too many reports from this address; please try again in " + Math.max(1, retryAfter.toSeconds())
                + " seconds");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
