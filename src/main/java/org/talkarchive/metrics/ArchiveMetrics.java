package org.talkarchive.metrics;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.http.Outcome;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.talkarchive.health.Readiness;
import org.talkarchive.indexer.IndexSync;
import org.talkarchive.indexer.SearchChanges;
import org.talkarchive.infra.EngineSupervisor.Engine;
import org.talkarchive.search.SearchPage;

/**
 * The archive's metrics, scraped as Prometheus text at {@code /metrics}: the JVM, the connection pools, every HTTP
 * request by route, where searches spend their time, how far publishing lags, the circuit breaker and the engines'
 * restarts. The series are listed in docs/http-api.md ("Metrics"). One registry per {@code Archive}, so tests
 * running several archives do not share counts.
 */
public final class ArchiveMetrics {

    // Latency buckets for requests and searches: 1 ms to 10 s covers a cached page and a timed-out engine.
    private static final Duration MIN_EXPECTED = Duration.ofMillis(1);
    private static final Duration MAX_EXPECTED = Duration.ofSeconds(10);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** What function counters read, held here for as long as the registry: they hold it only weakly. */
    private final List<Object> held = new java.util.concurrent.CopyOnWriteArrayList<>();

    public ArchiveMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** The Prometheus text exposition of every series. */
    public String scrape() {
        return registry.scrape();
    }

    public MeterRegistry registry() {
        return registry;
    }

    /**
     * A HikariCP pool's own meters ({@code hikaricp_connections*}, by {@code pool}), through HikariCP's Micrometer
     * tracker: a running pool takes it once (HikariCP forwards it to the pool), so the pools need not know the
     * registry when they are built.
     */
    public void connectionPool(DataSource dataSource) {
        HikariDataSource hikari;
        try {
            if (!dataSource.isWrapperFor(HikariDataSource.class)) {
                return; // a pool of someone else's making: nothing to read
            }
            hikari = dataSource.unwrap(HikariDataSource.class); // itself, or the pool under a fail-fast guard
        } catch (java.sql.SQLException e) {
            return;
        }
        if (hikari.getMetricsTrackerFactory() != null || hikari.getMetricRegistry() != null) {
            return; // tracked already (HikariCP takes one tracker per pool): by an archive before this one
        }
        hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
    }

    /**
     * The viewers' circuit breaker in front of Elasticsearch, as {@code talks_circuit_breaker_state{name, state}}: 1
     * for the state it is in, 0 for the others (the shape resilience4j gives it, so dashboards made for it fit).
     *
     * @param state "closed", "open" or "half_open"
     */
    public void circuitBreaker(String name, Supplier<String> state) {
        for (String each : List.of("closed", "open", "half_open")) {
            Gauge.builder("talks_circuit_breaker_state", state, s -> each.equals(s.get()) ? 1 : 0)
                    .description("1 for the state the circuit breaker is in (closed: calls go through; open: they"
                            + " fail at once and searches come from PostgreSQL; half_open: a trial call may pass)")
                    .tags("name", name, "state", each).strongReference(true).register(registry);
        }
    }

    /** How often the supervisor started an embedded engine again, by {@code engine}; 0 for engines not embedded. */
    public void engineRestarts(Supplier<Map<Engine, Long>> restarts) {
        held.add(restarts); // a function counter keeps only a weak reference, and the supplier may be a lambda
        for (Engine engine : Engine.values()) {
            FunctionCounter.builder("talks_engine_restarts", restarts, r -> r.get().getOrDefault(engine, 0L))
                    .description("Times the embedded engine was found dead and started again")
                    .tag("engine", engine.name().toLowerCase(Locale.ROOT)).register(registry);
        }
    }

    /**
     * Publishing: pending changes and the age of the oldest (read from PostgreSQL when scraped, at most once a
     * second), time since the last successful batch, and operations Elasticsearch refused.
     */
    public void publishing(Readiness readiness, IndexSync sync, Clock clock) {
        // Held strongly: a gauge keeps only a weak reference, and nothing else holds this reading.
        PendingReading pending = new PendingReading(readiness, clock);
        Gauge.builder("talks_publishing_pending_changes", pending, p -> p.read().changes())
                .description("Changes in search_change waiting to be published").strongReference(true)
                .register(registry);
        Gauge.builder("talks_publishing_oldest_pending_seconds", pending, p -> p.read().oldestSeconds())
                .description("Age of the oldest change waiting to be published (0 with none)")
                .baseUnit("seconds").strongReference(true).register(registry);
        Gauge.builder("talks_publishing_last_success_age_seconds", sync, s -> {
            Instant last = s.status().lastSuccess();
            return last == null ? Double.NaN : Duration.between(last, clock.instant()).toMillis() / 1000.0;
        }).description("Time since this process last published a batch (NaN: never)").register(registry);
        FunctionCounter.builder("talks_publishing_failed_operations", sync, IndexSync::failedOperations)
                .description("Index and delete operations Elasticsearch refused while publishing").register(registry);
    }

    /**
     * One HTTP request, tagged as Micrometer's HTTP server instrumentations tag theirs: {@code method}, {@code uri}
     * (the route template, {@code /api/talks/{id}}, never the raw path with every id), {@code status} and
     * {@code outcome} (SUCCESS, CLIENT_ERROR, ...), so ready-made dashboards and alerts apply.
     */
    public void request(String method, String uri, int status, Duration took) {
        Timer.builder("http_server_requests")
                .description("HTTP requests by method, route template, status and outcome")
                .tags("method", method, "uri", uri, "status", Integer.toString(status),
                        "outcome", Outcome.forStatus(status).name())
                .publishPercentileHistogram().minimumExpectedValue(MIN_EXPECTED).maximumExpectedValue(MAX_EXPECTED)
                .register(registry).record(took);
    }

    /** Where a search's time went: the engine round trip (or PostgreSQL's when degraded) and loading the talks. */
    public void search(SearchPage page) {
        String source = page.degraded() ? "postgres" : "elasticsearch";
        searchTimer("talks_search_engine", "The search engine's round trip", source)
                .record(Duration.ofNanos(page.timings().engineNanos()));
        searchTimer("talks_search_hydration", "Loading the found talks from PostgreSQL", source)
                .record(Duration.ofNanos(page.timings().hydrationNanos()));
    }

    private Timer searchTimer(String name, String description, String source) {
        return Timer.builder(name).description(description).tag("source", source)
                .publishPercentileHistogram().minimumExpectedValue(MIN_EXPECTED).maximumExpectedValue(MAX_EXPECTED)
                .register(registry);
    }

    /** The pending changes, read at most once a second: both gauges of a scrape share one query. */
    private static final class PendingReading {
        private final Readiness readiness;
        private final Clock clock;
        private SearchChanges.Pending last;
        private Instant readAt = Instant.MIN;

        PendingReading(Readiness readiness, Clock clock) {
            this.readiness = readiness;
            this.clock = clock;
        }

        synchronized SearchChanges.Pending read() {
            Instant now = clock.instant();
            if (last == null || Duration.between(readAt, now).compareTo(Duration.ofSeconds(1)) >= 0) {
                last = readiness.pending(); // a failure propagates: Micrometer reports the gauge as NaN
                readAt = now;
            }
            return last;
        }
    }
}
