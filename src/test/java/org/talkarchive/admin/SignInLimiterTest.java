package org.talkarchive.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.talkarchive.testing.HandClock;

class SignInLimiterTest {

    private final HandClock clock = new HandClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SignInLimiter limiter = new SignInLimiter(3, Duration.ofMinutes(15), clock);

    @Test
    void aClientIsBlockedAfterTheLimitUntilTheWindowFromItsFirstFailureEnds() {
        limiter.failed("a");
        clock.advance(Duration.ofMinutes(5));
        limiter.failed("a");
        assertThat(limiter.blocked("a")).as("below the limit").isEmpty();
        limiter.failed("a");
        assertThat(limiter.blocked("a")).contains(Duration.ofMinutes(10));
        assertThat(limiter.blocked("b")).as("other clients are not affected").isEmpty();
        clock.advance(Duration.ofMinutes(10));
        assertThat(limiter.blocked("a")).as("the window has passed").isEmpty();
        limiter.failed("a");
        assertThat(limiter.blocked("a")).as("a new window, one failure in it").isEmpty();
    }

    @Test
    void aSuccessForgetsTheFailures() {
        limiter.failed("a");
        limiter.failed("a");
        limiter.succeeded("a");
        limiter.failed("a");
        limiter.failed("a");
        assertThat(limiter.blocked("a")).isEmpty();
    }
}
