package org.talkarchive.infra;

import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the embedded engines and starts one again when it dies, with growing pauses between failed attempts,
 * so a serve left alone heals by itself. External engines are not ours to start: their clients reconnect.
 */
public final class EngineSupervisor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EngineSupervisor.class);

    /** The kinds of engine; an embedded cluster's nodes are each an ELASTICSEARCH engine of their own. */
    public enum Engine {
        POSTGRESQL, ELASTICSEARCH
    }

    /** An engine this process started and can start again; {@code name} is what the log calls it. */
    public record Supervised(String name, Engine engine, BooleanSupplier alive, Runnable restart) {
    }

    private final List<Supervised> engines;
    private final RetryPolicy<Object> restarts;
    private final ScheduledExecutorService scheduler;
    private final Map<Supervised, AtomicLong> restartCounts = new ConcurrentHashMap<>();

    public EngineSupervisor(List<Supervised> engines, Duration checkEvery, Duration firstBackoff, Duration maxBackoff) {
        this.engines = List.copyOf(engines);
        this.restarts = RetryPolicy.builder()
                .handle(RuntimeException.class)
                .withBackoff(firstBackoff, maxBackoff)
                .withMaxRetries(-1)
                .onFailedAttempt(e -> log.warn("Restart attempt failed: {}", e.getLastException().toString()))
                .build();
        engines.forEach(engine -> restartCounts.put(engine, new AtomicLong()));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "engine-supervisor");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::check, checkEvery.toMillis(), checkEvery.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void check() {
        for (Supervised engine : engines) {
            if (Thread.currentThread().isInterrupted() || engine.alive().getAsBoolean()) {
                continue;
            }
            log.warn("Embedded {} is not running; starting it again", engine.name());
            long started = System.nanoTime();
            try {
                Failsafe.with(restarts).run(engine.restart()::run);
                restartCounts.get(engine).incrementAndGet();
                log.info("Embedded {} is back after {} ms", engine.name(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            } catch (RuntimeException e) {
                log.warn("Gave up restarting {} (shutting down?): {}", engine.name(), e.toString());
            }
        }
    }

    /** How often engines of each kind have been started again (a cluster's nodes' restarts add up). */
    public Map<Engine, Long> restarts() {
        Map<Engine, Long> counts = new EnumMap<>(Engine.class);
        restartCounts.forEach((engine, count) -> counts.merge(engine.engine(), count.get(), Long::sum));
        return counts;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
