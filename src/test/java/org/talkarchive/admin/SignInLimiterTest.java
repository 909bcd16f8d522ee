package org.talkarchive.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SignInLimiterTest {

    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final HandClock clock = new HandClock();
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
