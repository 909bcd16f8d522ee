package org.talkarchive.curation;

import java.time.Duration;

/** More problem reports than an allowance takes ({@link ReportAllowance}); the next may come after {@code retryAfter}. */
public final class TooManyReportsException extends RuntimeException {

    private final Duration retryAfter;

    /** @param what whose allowance is used up ("Too many reports from this address") */
    public TooManyReportsException(Duration retryAfter, String what) {
        super(what + "; please try again in " + Math.max(1, retryAfter.toSeconds()) + " seconds");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
