package org.talkarchive.curation;

import java.time.Duration;

/**
 * How many problem reports are taken: each client's own allowance, and beside it one for everyone together. The
 * per-client one is keyed on the client's address, and a botnet (or a proxy wrongly left untrusted) has many or
 * one; the shared one bounds what all of them together can write into the admins' queue.
 */
public final class ReportAllowance {

    private static final String EVERYONE = "*";

    private final ReportRateLimiter perClient;
    private final ReportRateLimiter everyone;

    public ReportAllowance(ReportRateLimiter perClient, ReportRateLimiter everyone) {
        this.perClient = perClient;
        this.everyone = everyone;
    }

    /**
     * Takes one report from the client's allowance and from everyone's.
     *
     * @throws TooManyReportsException either is used up; nothing is taken from everyone's when the client's is
     */
    public void take(String client) {
        Duration wait = perClient.tryAcquire(client);
        if (!wait.isZero()) {
            throw new TooManyReportsException(wait, "Too many reports from this address");
        }
        Duration shared = everyone.tryAcquire(EVERYONE);
        if (!shared.isZero()) {
            throw new TooManyReportsException(shared, "Too many reports from everyone just now");
        }
    }
}
