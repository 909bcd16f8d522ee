package org.talkarchive.infra;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chore a serve repeats in the background on a daemon thread of its own, until the returned handle is closed. A
 * failure (an engine away) is logged once per run of failures, not every time, and the chore runs again next time.
 */
public final class Periodic {

    private static final Logger log = LoggerFactory.getLogger(Periodic.class);

    private Periodic() {
    }

    public static AutoCloseable start(String name, Duration every, Runnable chore) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            thread.setPriority(Thread.MIN_PRIORITY);
            return thread;
        });
        boolean[] failing = {false}; // only the scheduler's one thread reads and writes it
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                chore.run();
                if (failing[0]) {
                    log.info("{} works again", name);
                }
                failing[0] = false;
            } catch (RuntimeException e) {
                if (!failing[0]) {
                    log.warn("{} failed, trying again every {}: {}", name, every, e.getMessage());
                }
                failing[0] = true;
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return () -> {
            scheduler.shutdownNow();
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        };
    }
}
