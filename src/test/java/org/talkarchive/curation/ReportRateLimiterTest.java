package org.talkarchive.curation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.talkarchive.testing.HandClock;

class ReportRateLimiterTest {

    @Test
    void aBurstThenOneReportPerRefillPerClient() {
        HandClock clock = new HandClock(Instant.parse("2026-11-23T12:00:00Z"));
        ReportRateLimiter limiter = new ReportRateLimiter(clock, 3, Duration.ofMinutes(2), 100);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("a")).isZero();
        }
        assertThat(limiter.tryAcquire("a")).isEqualTo(Duration.ofMinutes(2));
        assertThat(limiter.tryAcquire("b")).as("another client has its own allowance").isZero();
        clock.advance(Duration.ofSeconds(60));
        assertThat(limiter.tryAcquire("a")).isEqualTo(Duration.ofMinutes(1));
        clock.advance(Duration.ofSeconds(60));
        assertThat(limiter.tryAcquire("a")).isZero();
        assertThat(limiter.tryAcquire("a")).isPositive();
        clock.advance(Duration.ofHours(5));
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("a")).as("refilled up to the burst, no more").isZero();
        }
        assertThat(limiter.tryAcquire("a")).isPositive();
    }

    @Test
    void remembersAtMostTheGivenNumberOfClientsTheLeastRecentGoingFirst() {
        ReportRateLimiter limiter = new ReportRateLimiter(new HandClock(Instant.parse("2026-11-23T12:00:00Z")), 1, Duration.ofHours(1), 3);
        limiter.tryAcquire("a");
        limiter.tryAcquire("b");
        limiter.tryAcquire("c");
        limiter.tryAcquire("a"); // refused, and now the most recent
        limiter.tryAcquire("d"); // b goes
        assertThat(limiter.clients()).isEqualTo(3);
        assertThat(limiter.tryAcquire("a")).as("still remembered").isPositive();
        assertThat(limiter.tryAcquire("b")).as("forgotten, so a fresh allowance").isZero();
    }
}
