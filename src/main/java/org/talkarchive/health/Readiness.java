package org.talkarchive.health;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.talkarchive.indexer.IndexSync;
import org.talkarchive.indexer.SearchChanges;
import org.talkarchive.indexer.SearchChanges.Pending;
import org.talkarchive.indexer.SearchIndex;
import org.talkarchive.infra.EngineSupervisor.Engine;
import org.talkarchive.search.SearchEngineGuard;

/**
 * Whether the archive can do its job now, component by component: PostgreSQL answers, Elasticsearch answers, the
 * alias points at an index, and how far publishing lags. PostgreSQL is the truth and can answer every search, so
 * only it decides readiness: without it the archive is {@link Status#DOWN}; with it but without Elasticsearch (or
 * with publishing failing) it is {@link Status#DEGRADED} and still ready, because pulling every replica out of a
 * load balancer while searches fall back to PostgreSQL would turn a slower site into none.
 */
public final class Readiness {

    private static final String PING = """
            SELECT 1
            """;

    /** Of the whole archive and of each component, named as Spring Boot's and most probes' health endpoints do. */
    public enum Status {
        /** Everything works. */
        UP,
        /** Answers, with less: searches come from PostgreSQL, or changes wait to be published. Still ready. */
        DEGRADED,
        /** Cannot answer: not ready. */
        DOWN
    }

    /** One component's state; {@code details} are what an operator reads first. */
    public record Component<D>(Status status, D details) {

        static <D> Component<D> of(boolean up, D details) {
            return new Component<>(up ? Status.UP : Status.DOWN, details);
        }

        @JsonIgnore
        public boolean up() {
            return status == Status.UP;
        }
    }

    /** PostgreSQL: how long a ping took and how often the embedded server was restarted; or why it failed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PostgresDetails(Long latencyMs, Long restarts, String error) {
    }

    /**
     * Elasticsearch: the circuit's state and the restarts always; the cluster's status, the alias and the indices
     * behind it and whether it is warm as far as they could be read; {@code error} when it is not up.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ElasticsearchDetails(String circuit, long restarts, String status, String alias,
                                       Set<String> indices, Boolean warm, String error) {
    }

    /**
     * Publishing: how it went lately (null instants: never), always; what waits, and whether it is failing now,
     * when PostgreSQL could say; {@code error} when it could not.
     */
    public record PublishingDetails(Instant lastSuccess, Instant lastFailure, String lastError,
                                    @JsonInclude(JsonInclude.Include.NON_NULL) Long pendingChanges,
                                    @JsonInclude(JsonInclude.Include.NON_NULL) Long oldestPendingSeconds,
                                    @JsonInclude(JsonInclude.Include.NON_NULL) Boolean failing,
                                    @JsonInclude(JsonInclude.Include.NON_NULL) String error) {
    }

    public record Components(Component<PostgresDetails> postgres, Component<ElasticsearchDetails> elasticsearch,
                             Component<PublishingDetails> publishing) {
    }

    /** The archive's status, derived from its components' (see the class comment), and the components. */
    public record Report(Status status, Components components) {

        static Report of(Components components) {
            Status status = !components.postgres().up() ? Status.DOWN
                    : components.elasticsearch().up() && components.publishing().up() ? Status.UP
                    : Status.DEGRADED;
            return new Report(status, components);
        }

        /** Whether to send viewers here: PostgreSQL answers, whatever Elasticsearch does. */
        @JsonIgnore
        public boolean ready() {
            return status != Status.DOWN;
        }
    }

    private final Jdbi readPool;
    private final SearchEngineGuard engine;
    private final SearchIndex index;
    private final IndexSync sync;
    private final Supplier<Map<Engine, Long>> engineRestarts;
    private final EngineWarmUp warmUp;

    /**
     * @param engineRestarts how often the embedded engines of each kind were restarted
     * @param warmUp         whether Elasticsearch has been warmed up since it last started: until then it is not up
     */
    public Readiness(Jdbi readPool, SearchEngineGuard engine, SearchIndex index, IndexSync sync,
                     Supplier<Map<Engine, Long>> engineRestarts, EngineWarmUp warmUp) {
        this.warmUp = warmUp;
        this.readPool = readPool;
        this.engine = engine;
        this.index = index;
        this.sync = sync;
        this.engineRestarts = engineRestarts;
    }

    public Report check() {
        Component<PostgresDetails> postgres = postgres();
        return Report.of(new Components(postgres, elasticsearch(), publishing(postgres.up())));
    }

    private Component<PostgresDetails> postgres() {
        long started = System.nanoTime();
        try {
            readPool.useHandle(h -> h.createQuery(PING).mapTo(Integer.class).one());
            long latency = Duration.ofNanos(System.nanoTime() - started).toMillis();
            return Component.of(true, new PostgresDetails(latency, restarts(Engine.POSTGRESQL), null));
        } catch (RuntimeException e) {
            return Component.of(false, new PostgresDetails(null, null, e.getMessage()));
        }
    }

    private Component<ElasticsearchDetails> elasticsearch() {
        String circuit = engine.state();
        // an embedded cluster's nodes restart one by one: their restarts add up here
        long restarts = restarts(Engine.ELASTICSEARCH);
        String health = null;
        Set<String> indices = null;
        try {
            health = engine.call(es -> es.cluster().health().status().jsonValue());
            indices = engine.call(index::indicesBehindAlias);
            boolean warm = warmUp.warm();
            String error = !warm ? "warming up: the engine has just started and is searched before viewers are"
                    + " sent to it" : indices.isEmpty() ? "the alias points at no index yet" : null;
            return Component.of(!"red".equals(health) && !indices.isEmpty() && warm,
                    new ElasticsearchDetails(circuit, restarts, health, index.alias(), indices, warm, error));
        } catch (RuntimeException e) {
            return Component.of(false, new ElasticsearchDetails(circuit, restarts, health,
                    indices == null ? null : index.alias(), indices, null, e.getMessage()));
        }
    }

    private long restarts(Engine kind) {
        return engineRestarts.get().getOrDefault(kind, 0L);
    }

    /** What waits in {@code search_change}; for /ready and the metrics. */
    public Pending pending() {
        return readPool.withHandle(SearchChanges::pending);
    }

    private Component<PublishingDetails> publishing(boolean postgresUp) {
        IndexSync.Status status = sync.status();
        if (!postgresUp) {
            return Component.of(false, new PublishingDetails(status.lastSuccess(), status.lastFailure(),
                    status.lastError(), null, null, null, null));
        }
        Pending pending;
        try {
            pending = pending();
        } catch (RuntimeException e) {
            return Component.of(false, new PublishingDetails(status.lastSuccess(), status.lastFailure(),
                    status.lastError(), null, null, null, e.getMessage()));
        }
        // Failing now means failing more recently than succeeding.
        boolean failing = status.lastFailure() != null
                && (status.lastSuccess() == null || status.lastFailure().isAfter(status.lastSuccess()));
        return Component.of(!failing, new PublishingDetails(status.lastSuccess(), status.lastFailure(),
                status.lastError(), pending.changes(), pending.oldestSeconds(), failing, null));
    }
}
