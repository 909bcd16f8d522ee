package org.talkarchive.curation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many problem reports one client may send: a token bucket per client (a burst of {@code burst}, then one
 * more every {@code refill}), kept in memory for at most {@code clients} clients, the least recently seen
 * forgotten first, so a flood from many addresses cannot grow it without bound. Owned by one
 * {@link ProblemReports}; nothing static. A library such as bucket4j would bring the bucket but not the bound on
 * clients, and one process needs no shared store, so these few lines do the whole job.
 */
public final class ReportRateLimiter {

    private final Clock clock;
    private final int burst;
    private final Duration refill;
    private final Map<String, Bucket> buckets;

    private static final class Bucket {
        double tokens;
        Instant updated;

        Bucket(double tokens, Instant updated) {
            this.tokens = tokens;
            this.updated = updated;
        }
    }

    public ReportRateLimiter(Clock clock, int burst, Duration refill, int clients) {
        if (burst < 1 || refill.isNegative() || refill.isZero() || clients < 1) {
            throw new IllegalArgumentException("burst, refill and clients must be positive");
        }
        this.clock = clock;
        this.burst = burst;
        this.refill = refill;
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > clients;
            }
        };
    }

    /** Takes one report from the client's allowance: zero when it may send one now, else how long to wait. */
    public synchronized Duration tryAcquire(String client) {
        Instant now = clock.instant();
        Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(burst, now));
        double earned = (double) Duration.between(bucket.updated, now).toMillis() / refill.toMillis();
        bucket.tokens = Math.min(burst, bucket.tokens + Math.max(0, earned));
        bucket.updated = now;
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return Duration.ZERO;
        }
        return Duration.ofMillis((long) Math.ceil((1 - bucket.tokens) * refill.toMillis()));
    }

    /** How many clients are remembered now (for tests of the bound). */
    synchronized int clients() {
        return buckets.size();
    }
}
