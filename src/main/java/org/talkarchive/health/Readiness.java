package org.talkarchive.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.talkarchive.indexer.IndexSync;
import org.talkarchive.indexer.SearchChanges;
import org.talkarchive.indexer.SearchChanges.Pending;
import org.talkarchive.indexer.SearchIndex;
import org.talkarchive.search.SearchEngineGuard;

/**
 * Whether the archive can do its whole job now, component by component: PostgreSQL answers, Elasticsearch answers,
 * the alias points at an index, and how far publishing lags. Ready means every component is up; while
 * Elasticsearch is down the site still answers (degraded), but it is not ready.
 */
public final class Readiness {

    private static final String PING = """
            SELECT 1
            """;

    /** One component's state; {@code details} are what an operator reads first. */
    public record Component(boolean up, Map<String, Object> details) {
    }

    public record Report(boolean ready, Map<String, Component> components) {
    }

    private final Jdbi readPool;
    private final SearchEngineGuard engine;
    private final SearchIndex index;
    private final IndexSync sync;
    private final Supplier<Map<String, Long>> engineRestarts;
    private final EngineWarmUp warmUp;

    /** @param warmUp whether Elasticsearch has been warmed up since it last started: until then it is not ready */
    public Readiness(Jdbi readPool, SearchEngineGuard engine, SearchIndex index, IndexSync sync,
                     Supplier<Map<String, Long>> engineRestarts, EngineWarmUp warmUp) {
        this.warmUp = warmUp;
        this.readPool = readPool;
        this.engine = engine;
        this.index = index;
        this.sync = sync;
        this.engineRestarts = engineRestarts;
    }

    public Report check() {
        Map<String, Component> components = new LinkedHashMap<>();
        components.put("postgres", postgres());
        components.put("elasticsearch", elasticsearch());
        components.put("publishing", publishing(components.get("postgres").up()));
        boolean ready = components.values().stream().allMatch(Component::up);
        return new Report(ready, components);
    }

    private Component postgres() {
        Map<String, Object> details = new LinkedHashMap<>();
        long started = System.nanoTime();
        try {
            readPool.useHandle(h -> h.createQuery(PING).mapTo(Integer.class).one());
            details.put("latency_ms", Duration.ofNanos(System.nanoTime() - started).toMillis());
            details.put("restarts", engineRestarts.get().getOrDefault("PostgreSQL", 0L));
            return new Component(true, details);
        } catch (RuntimeException e) {
            details.put("error", e.getMessage());
            return new Component(false, details);
        }
    }

    private Component elasticsearch() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("circuit", engine.state());
        // an embedded cluster's nodes restart one by one ("Elasticsearch node-2"): their restarts add up here
        details.put("restarts", engineRestarts.get().entrySet().stream()
                .filter(e -> e.getKey().equals("Elasticsearch") || e.getKey().startsWith("Elasticsearch "))
                .mapToLong(Map.Entry::getValue).sum());
        try {
            String health = engine.call(es -> es.cluster().health().status().jsonValue());
            details.put("status", health);
            Set<String> indices = engine.call(index::indicesBehindAlias);
            details.put("alias", index.alias());
            details.put("indices", indices);
            if (indices.isEmpty()) {
                details.put("error", "the alias points at no index yet");
            }
            boolean warm = warmUp.warm();
            details.put("warm", warm);
            if (!warm) {
                details.put("error", "warming up: the engine has just started and is searched before viewers are"
                        + " sent to it");
            }
            return new Component(!"red".equals(health) && !indices.isEmpty() && warm, details);
        } catch (RuntimeException e) {
            details.put("error", e.getMessage());
            return new Component(false, details);
        }
    }

    /** What waits in {@code search_change}; for /ready and the metrics. */
    public Pending pending() {
        return readPool.withHandle(SearchChanges::pending);
    }

    private Component publishing(boolean postgresUp) {
        Map<String, Object> details = new LinkedHashMap<>();
        IndexSync.Status status = sync.status();
        details.put("last_success", status.lastSuccess());
        details.put("last_failure", status.lastFailure());
        details.put("last_error", status.lastError());
        if (!postgresUp) {
            return new Component(false, details);
        }
        try {
            Pending pending = pending();
            details.put("pending_changes", pending.changes());
            details.put("oldest_pending_seconds", pending.oldestSeconds());
        } catch (RuntimeException e) {
            details.put("error", e.getMessage());
            return new Component(false, details);
        }
        // Failing now means failing more recently than succeeding.
        boolean failing = status.lastFailure() != null
                && (status.lastSuccess() == null || status.lastFailure().isAfter(status.lastSuccess()));
        details.put("failing", failing);
        return new Component(!failing, details);
    }

}
