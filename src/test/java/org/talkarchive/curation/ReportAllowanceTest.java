package org.talkarchive.curation;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ReportAllowanceTest {

    private static final Clock STILL = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void everyoneTogetherHasAnAllowanceBesideEachClientsOwn() {
        ReportAllowance allowance = new ReportAllowance(new ReportRateLimiter(STILL, 2, Duration.ofMinutes(2), 100),
                new ReportRateLimiter(STILL, 5, Duration.ofSeconds(10), 1));
        allowance.take("a");
        allowance.take("a");
        assertThatThrownBy(() -> allowance.take("a")).isInstanceOf(TooManyReportsException.class)
                .hasMessage("Too many reports from this address; please try again in 120 seconds");
        // a refused client took nothing from everyone's allowance: three more clients get their turn
        allowance.take("b");
        allowance.take("c");
        allowance.take("d");
        assertThatThrownBy(() -> allowance.take("e")).isInstanceOf(TooManyReportsException.class)
                .hasMessage("Too many reports from everyone just now; please try again in 10 seconds");
    }
}
