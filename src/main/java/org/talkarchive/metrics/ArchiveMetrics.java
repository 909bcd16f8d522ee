package org.talkarchive.metrics;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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
import java.util.function.ToDoubleFunction;
import javax.sql.DataSource;
import org.talkarchive.health.Readiness;
import org.talkarchive.indexer.IndexSync;
import org.talkarchive.indexer.SearchChanges;
import org.talkarchive.search.SearchPage;

/**
 * The archive's metrics, scraped as Prometheus text at {@code /metrics}: the JVM, the connection pools, every HTTP
 * request by route, where searches spend their time, and how far publishing lags. The series are listed in the
 * README ("Metrics"). One registry per {@code Archive}, so tests running several archives do not share counts.
 */
public final class ArchiveMetrics {

    // Latency buckets for requests and searches: 1 ms to 10 s covers a cached page and a timed-out engine.
    private static final Duration MIN_EXPECTED = Duration.ofMillis(1);
    private static final Duration MAX_EXPECTED = Duration.ofSeconds(10);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

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
     * Gauges of a HikariCP pool, named as HikariCP's own Micrometer tracker names them, read from the running pool
     * (its configuration is sealed once it started, so the tracker cannot be added afterwards).
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
        String pool = hikari.getPoolName();
        poolGauge("hikaricp_connections_active", "Connections in use", pool, hikari, HikariPoolMXBean::getActiveConnections);
        poolGauge("hikaricp_connections_idle", "Idle connections", pool, hikari, HikariPoolMXBean::getIdleConnections);
        poolGauge("hikaricp_connections", "Open connections", pool, hikari, HikariPoolMXBean::getTotalConnections);
        poolGauge("hikaricp_connections_pending", "Threads waiting for a connection", pool, hikari,
                HikariPoolMXBean::getThreadsAwaitingConnection);
        Gauge.builder("hikaricp_connections_max", hikari, HikariDataSource::getMaximumPoolSize)
                .description("The most connections the pool opens").tag("pool", pool).register(registry);
    }

    private void poolGauge(String name, String description, String pool, HikariDataSource hikari,
                           ToDoubleFunction<HikariPoolMXBean> value) {
        Gauge.builder(name, hikari, ds -> ds.getHikariPoolMXBean() == null ? Double.NaN
                        : value.applyAsDouble(ds.getHikariPoolMXBean()))
                .description(description).tag("pool", pool).register(registry);
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

    /** One HTTP request, by its route template (not the raw path: {@code /api/talks/{id}}, not every id). */
    public void request(String method, String route, int status, Duration took) {
        Timer.builder("http_server_requests")
                .description("HTTP requests by method, route template and status")
                .tags("method", method, "route", route, "status", Integer.toString(status))
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
