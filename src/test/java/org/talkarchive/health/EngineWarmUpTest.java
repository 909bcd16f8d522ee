package org.talkarchive.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class EngineWarmUpTest {

    @Test
    void searchesUntilARoundIsFastAndAnsweredByTheEngine() {
        AtomicInteger calls = new AtomicInteger();
        // the first two answers come from the fallback, the third is slow, then it is warm
        EngineWarmUp warmUp = new EngineWarmUp(List.of(() -> {
            int call = calls.incrementAndGet();
            if (call == 3) {
                sleep(150);
            }
            return call > 2;
        }), Duration.ofMillis(100));

        assertThat(warmUp.warmUp(Duration.ofSeconds(10))).isTrue();
        assertThat(calls).hasValue(4);
        assertThat(warmUp.warm()).isTrue();
    }

    @Test
    void givesUpAfterItsLimitAndCountsAsWarmAnyway() {
        EngineWarmUp warmUp = new EngineWarmUp(List.of(() -> false), Duration.ofMillis(100));

        assertThat(warmUp.warmUp(Duration.ofMillis(600))).isFalse();
        assertThat(warmUp.warm()).isTrue();
    }

    @Test
    void isColdFromTheEnginesAbsenceUntilAWarmUpAfterItsReturn() throws Exception {
        AtomicReference<EngineWarmUp.Probe> probe = new AtomicReference<>(EngineWarmUp.Probe.ANSWERS);
        AtomicInteger searches = new AtomicInteger();
        EngineWarmUp warmUp = new EngineWarmUp(List.of(() -> {
            searches.incrementAndGet();
            return true;
        }), Duration.ofSeconds(1));
        try (AutoCloseable watching = warmUp.watch(probe::get, Duration.ofMillis(20),
                Duration.ofSeconds(5))) {
            sleep(200);
            assertThat(warmUp.warm()).isTrue();
            assertThat(searches).as("nothing to warm up while it answers").hasValue(0);

            probe.set(EngineWarmUp.Probe.AWAY);
            awaitWarm(warmUp, false);
            probe.set(EngineWarmUp.Probe.ANSWERS);
            awaitWarm(warmUp, true);
            assertThat(searches).hasPositiveValue();
        }
    }

    @Test
    void aRefusedConnectionIsAwayButATimeoutIsOnlySlow() {
        assertThat(EngineWarmUp.verdict(new RuntimeException(new ConnectException("refused"))))
                .isEqualTo(EngineWarmUp.Probe.AWAY);
        assertThat(EngineWarmUp.verdict(new RuntimeException(new SocketTimeoutException("timed out"))))
                .isEqualTo(EngineWarmUp.Probe.SLOW);
    }

    private static void awaitWarm(EngineWarmUp warmUp, boolean warm) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (warmUp.warm() != warm && System.nanoTime() < deadline) {
            sleep(10);
        }
        assertThat(warmUp.warm()).isEqualTo(warm);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
