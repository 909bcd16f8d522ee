package org.talkarchive.admin;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.talkarchive.indexer.ConsistencyCheck;
import org.talkarchive.indexer.ReindexCancelledException;
import org.talkarchive.indexer.ReindexInProgressException;
import org.talkarchive.indexer.Reindexer;

/**
 * Long admin operations as jobs: a reindex or a consistency check runs in the background while its progress (phase,
 * done of total, rate, errors) is kept in PostgreSQL ({@code admin_job}), so a page reload, another browser or a
 * restarted app sees the same job. One job of a kind runs at a time (a unique index says so, whoever asks); a
 * reindex can be cancelled until its alias switches.
 *
 * <p>The running process writes each job's progress and a heartbeat every {@link #FLUSH}; a running job whose
 * heartbeat is older than {@link #STALE} belongs to a process that died, and is marked failed ("interrupted")
 * by the next reader.
 */
public final class AdminJobs implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AdminJobs.class);

    static final Duration FLUSH = Duration.ofSeconds(1);
    static final Duration STALE = Duration.ofSeconds(30);
    /** How long a start waits to learn whether the reindex got its lock: a 409 beats a job that fails at once. */
    private static final Duration START_DECIDED = Duration.ofSeconds(30);

    private static final String START = """
            INSERT INTO admin_job (kind, phase, started_by) VALUES (:kind, 'starting', :actor)
            ON CONFLICT (kind) WHERE state = 'running' DO NOTHING
            RETURNING id
            """;
    private static final String COLUMNS = """
            SELECT id, kind, state, phase, done, total, started_by, started_at, finished_at, cancel_requested,
                   errors::text AS errors, result::text AS result, now() AS read_at
              FROM admin_job
            """;
    private static final String ONE = COLUMNS + " WHERE id = :id";
    private static final String RUNNING = COLUMNS + " WHERE kind = :kind AND state = 'running'";
    private static final String RECENT = COLUMNS + " ORDER BY id DESC LIMIT :limit";
    private static final String LAST_FINISHED = COLUMNS + """
             WHERE kind = :kind AND state <> 'running' ORDER BY finished_at DESC, id DESC LIMIT 1
            """;
    private static final String PROGRESS = """
            UPDATE admin_job SET phase = :phase, done = :done, total = :total, heartbeat_at = now()
             WHERE id = :id AND state = 'running'
            RETURNING cancel_requested
            """;
    private static final String FINISH = """
            UPDATE admin_job
               SET state = :state, phase = :phase, done = :done, total = :total, heartbeat_at = now(),
                   finished_at = now(), errors = CAST(:errors AS jsonb), result = CAST(:result AS jsonb)
             WHERE id = :id
            """;
    private static final String REQUEST_CANCEL = """
            UPDATE admin_job SET cancel_requested = true WHERE id = :id AND state = 'running'
            RETURNING id
            """;
    private static final String DELETE = """
            DELETE FROM admin_job WHERE id = :id
            """;
    private static final String MARK_INTERRUPTED = """
            UPDATE admin_job
               SET state = 'failed', phase = 'interrupted', finished_at = heartbeat_at,
                   errors = errors || jsonb_build_array('Interrupted: the process running it stopped (a restart?)')
             WHERE state = 'running' AND heartbeat_at < now() - make_interval(secs => :staleSeconds)
               AND NOT (id = ANY(:local))
            """;

    /** The kinds of job; {@link #key()} is what is stored and shown. */
    public enum Kind {
        REINDEX, CHECK;

        @JsonValue
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whether a job runs, or how it ended; {@link #key()} is what is stored and shown. */
    public enum State {
        RUNNING, DONE, FAILED, CANCELLED;

        @JsonValue
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Where a running job is (starting, then a reindex's stages or checking), or how it ended (done, failed,
     * cancelled, interrupted: the process running it stopped); {@link #key()} is what is stored and shown.
     */
    public enum Phase {
        STARTING, COPYING, REPLAYING, SWITCHING, RETIRING, CHECKING, DONE, FAILED, CANCELLED, INTERRUPTED;

        @JsonValue
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Phase of(Reindexer.Phase phase) {
            return switch (phase) {
                case COPYING -> COPYING;
                case REPLAYING -> REPLAYING;
                case SWITCHING -> SWITCHING;
                case RETIRING -> RETIRING;
            };
        }
    }

    /**
     * A job as stored. {@code total} is null until known. {@code result} is the job's outcome as JSON (null until
     * done).
     */
    public record Job(long id, Kind kind, State state, Phase phase, long done, Long total, double ratePerSecond,
                      Instant startedAt, Instant finishedAt, String startedBy, boolean cancelRequested,
                      List<String> errors, JsonNode result) {

        public boolean running() {
            return state == State.RUNNING;
        }
    }

    /** A job of this kind is running already: {@link #running} is it. */
    public static final class JobConflictException extends RuntimeException {
        private final transient Job running;

        JobConflictException(Job running) {
            super("A " + running.kind().key() + " job is running already (job " + running.id() + ")");
            this.running = running;
        }

        public Job running() {
            return running;
        }
    }

    /** The job exists but has finished, so there is nothing to cancel. */
    public static final class JobFinishedException extends RuntimeException {
        private final long job;

        JobFinishedException(Job job) {
            super("Job " + job.id() + " has already finished (" + job.state().key() + ")");
            this.job = job.id();
        }

        public long job() {
            return job;
        }
    }

    private final Jdbi jdbi;
    private final ObjectMapper json;
    private final Reindexer reindexer;
    private final ConsistencyCheck consistency;
    private final Supplier<Set<String>> liveIndices;
    private final AuditLog audit;
    private final ExecutorService workers = Executors.newCachedThreadPool(daemon("admin-job"));
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(daemon("admin-job-progress"));
    private final Map<Long, Running> local = new ConcurrentHashMap<>();

    /**
     * @param liveIndices the indices searches read now (before and after of a reindex, for the audit log)
     */
    public AdminJobs(Jdbi jdbi, ObjectMapper json, Reindexer reindexer, ConsistencyCheck consistency,
                     Supplier<Set<String>> liveIndices, AuditLog audit) {
        this.jdbi = jdbi;
        this.json = json;
        this.reindexer = reindexer;
        this.consistency = consistency;
        this.liveIndices = liveIndices;
        this.audit = audit;
        flusher.scheduleWithFixedDelay(this::flushAll, FLUSH.toMillis(), FLUSH.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Starts a reindex in the background and returns once it holds the reindex lock (or after a while).
     *
     * @throws JobConflictException       a reindex job is running already
     * @throws ReindexInProgressException a reindex not run as a job (the command line, a requested rebuild) holds
     *                                    the lock; nothing was started
     */
    public Job startReindex(Actor actor) {
        Running job = begin(Kind.REINDEX, actor);
        Set<String> before = liveQuietly();
        CompletableFuture<Void> locked = new CompletableFuture<>();
        workers.submit(() -> runReindex(job, before, locked));
        try {
            locked.get(START_DECIDED.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ReindexInProgressException refused) {
                jdbi.useHandle(h -> h.createUpdate(DELETE).bind("id", job.id).execute());
                throw refused;
            }
        } catch (TimeoutException e) {
            log.info("Reindex job {} is still starting after {}", job.id, START_DECIDED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        audit.record(actor, AuditLog.Action.REINDEX_START, subject(job.id), Map.of("live_indices", before),
                Map.of("job", job.id, "state", State.RUNNING));
        return find(job.id).orElseThrow();
    }

    /** Starts a consistency check in the background. @throws JobConflictException one is running already */
    public Job startCheck(Actor actor, int sampleSize) {
        Running job = begin(Kind.CHECK, actor);
        job.phase = Phase.CHECKING;
        flush(job);
        workers.submit(() -> runCheck(job, sampleSize));
        audit.record(actor, AuditLog.Action.CHECK_START, subject(job.id), null,
                Map.of("job", job.id, "sample", sampleSize));
        return find(job.id).orElseThrow();
    }

    /**
     * Asks a running job to stop; a reindex stops at its next document or stage, unless its alias has switched
     * already (then it finishes). Returns the job as it is now.
     *
     * @throws JobFinishedException it has finished
     */
    public Optional<Job> cancel(long id, Actor actor) {
        Optional<Job> job = find(id);
        if (job.isEmpty()) {
            return job;
        }
        if (!job.get().running()) {
            throw new JobFinishedException(job.get());
        }
        Running running = local.get(id);
        if (running != null) {
            running.cancel.set(true);
        }
        boolean asked = jdbi.withHandle(h -> h.createQuery(REQUEST_CANCEL).bind("id", id).mapTo(Long.class)
                .findOne()).isPresent();
        if (!asked) { // it finished in between
            throw new JobFinishedException(find(id).orElseThrow());
        }
        audit.record(actor, AuditLog.Action.JOB_CANCEL, subject(id),
                Map.of("state", State.RUNNING, "phase", job.get().phase()),
                Map.of("cancel_requested", true));
        return find(id);
    }

    public Optional<Job> find(long id) {
        markInterrupted();
        return jdbi.withHandle(h -> h.createQuery(ONE).bind("id", id).map(this::job).findOne());
    }

    /** The newest jobs first. */
    public List<Job> recent(int limit) {
        markInterrupted();
        return jdbi.withHandle(h -> h.createQuery(RECENT).bind("limit", limit).map(this::job).list());
    }

    /** The running job of a kind, if any. */
    public Optional<Job> running(Kind kind) {
        markInterrupted();
        return jdbi.withHandle(h -> h.createQuery(RUNNING).bind("kind", kind.key()).map(this::job).findOne());
    }

    /** The job of a kind that finished last (done, failed or cancelled), if any. */
    public Optional<Job> lastFinished(Kind kind) {
        markInterrupted();
        return jdbi.withHandle(h -> h.createQuery(LAST_FINISHED).bind("kind", kind.key()).map(this::job).findOne());
    }

    /** Asks this process' running jobs to stop and waits a little for them; what does not stop reads as interrupted. */
    @Override
    public void close() {
        local.values().forEach(job -> job.cancel.set(true));
        workers.shutdown();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flusher.shutdownNow();
    }

    // ---- running

    private Running begin(Kind kind, Actor actor) {
        for (int attempt = 0; attempt < 3; attempt++) {
            markInterrupted();
            Optional<Long> id = jdbi.withHandle(h -> h.createQuery(START).bind("kind", kind.key())
                    .bind("actor", actor.name()).mapTo(Long.class).findOne());
            if (id.isPresent()) {
                Running job = new Running(id.get(), kind, actor);
                local.put(job.id, job);
                return job;
            }
            Optional<Job> running = running(kind);
            if (running.isPresent()) {
                throw new JobConflictException(running.get());
            }
            // the running one finished between the insert and the look: try again
        }
        throw new IllegalStateException("Could not start a " + kind.key() + " job: the running one keeps changing");
    }

    private void runReindex(Running job, Set<String> before, CompletableFuture<Void> locked) {
        try {
            Reindexer.Report report = reindexer.reindex(new Reindexer.Progress() {
                @Override
                public void phase(Reindexer.Phase phase) {
                    job.phase = Phase.of(phase);
                    if (phase == Reindexer.Phase.COPYING) {
                        flush(job); // the page shows "copying" before the first second has passed
                        locked.complete(null);
                    }
                }

                @Override
                public boolean cancelRequested() {
                    return job.cancel.get();
                }

                @Override
                public void loading(long talks) {
                    job.total = talks;
                }

                @Override
                public void loaded(long talks) {
                    job.done.set(talks);
                }
            });
            ObjectNode result = json.createObjectNode();
            result.put("index", report.index());
            result.put("documents", report.documents());
            result.put("replayed", report.replayed());
            result.put("took_ms", report.took().toMillis());
            report.warnings().forEach(result.putArray("warnings")::add); // after the swap: it succeeded all the same
            job.done.set(report.documents());
            finish(job, State.DONE, Phase.DONE, List.of(), result);
            audit.record(job.actor, AuditLog.Action.REINDEX_FINISH, subject(job.id), Map.of("live_indices", before),
                    Map.of("live_indices", liveQuietly(), "documents", report.documents(), "state", State.DONE));
        } catch (ReindexCancelledException e) {
            finish(job, State.CANCELLED, Phase.CANCELLED, List.of(e.getMessage()), null);
            audit.record(job.actor, AuditLog.Action.REINDEX_FINISH, subject(job.id), Map.of("live_indices", before),
                    Map.of("live_indices", liveQuietly(), "state", State.CANCELLED));
        } catch (RuntimeException e) {
            locked.completeExceptionally(e);
            if (!(e instanceof ReindexInProgressException)) {
                log.warn("Reindex job {} failed", job.id, e);
                finish(job, State.FAILED, Phase.FAILED, List.of(String.valueOf(e.getMessage())), null);
                recordQuietly(job, AuditLog.Action.REINDEX_FINISH, Map.of("live_indices", before),
                        Map.of("state", State.FAILED, "error", String.valueOf(e.getMessage())));
            }
        } finally {
            locked.complete(null);
            local.remove(job.id);
        }
    }

    private void runCheck(Running job, int sampleSize) {
        try {
            ConsistencyCheck.Report report = consistency.check(sampleSize);
            ObjectNode result = json.valueToTree(report);
            result.put("consistent", report.consistent());
            result.put("summary", report.summary());
            job.done.set(report.sampled());
            job.total = (long) report.sampled();
            finish(job, State.DONE, Phase.DONE, List.of(), result);
            audit.record(job.actor, AuditLog.Action.CHECK_FINISH, subject(job.id), null,
                    Map.of("verdict", report.consistent() ? "consistent" : "drift", "summary", report.summary()));
        } catch (RuntimeException e) {
            log.warn("Check job {} failed", job.id, e);
            finish(job, State.FAILED, Phase.FAILED, List.of(String.valueOf(e.getMessage())), null);
            recordQuietly(job, AuditLog.Action.CHECK_FINISH, null,
                    Map.of("state", State.FAILED, "error", String.valueOf(e.getMessage())));
        } finally {
            local.remove(job.id);
        }
    }

    private void finish(Running job, State state, Phase phase, List<String> errors, JsonNode result) {
        try {
            jdbi.useHandle(h -> h.createUpdate(FINISH).bind("id", job.id).bind("state", state.key())
                    .bind("phase", phase.key())
                    .bind("done", job.done.get()).bind("total", job.total)
                    .bind("errors", json.writeValueAsString(errors))
                    .bind("result", result == null ? null : json.writeValueAsString(result)).execute());
        } catch (JsonProcessingException | RuntimeException e) {
            // PostgreSQL is down: the heartbeat stops, and readers will see the job as interrupted
            log.error("Could not record the end of job {} ({})", job.id, state, e);
        }
    }

    private void recordQuietly(Running job, AuditLog.Action action, Object before, Object after) {
        try {
            audit.record(job.actor, action, subject(job.id), before, after);
        } catch (RuntimeException e) {
            log.error("Could not audit {} of job {}", action, job.id, e);
        }
    }

    private void flushAll() {
        local.values().forEach(this::flush);
    }

    /** Writes a running job's progress and heartbeat, and learns whether someone asked elsewhere to cancel it. */
    private void flush(Running job) {
        try {
            jdbi.withHandle(h -> h.createQuery(PROGRESS).bind("id", job.id).bind("phase", job.phase.key())
                    .bind("done", job.done.get()).bind("total", job.total).mapTo(Boolean.class).findOne())
                    .filter(Boolean::booleanValue).ifPresent(cancel -> job.cancel.set(true));
        } catch (RuntimeException e) {
            log.warn("Could not record the progress of job {}: {}", job.id, e.getMessage());
        }
    }

    private void markInterrupted() {
        Long[] ids = local.keySet().toArray(Long[]::new);
        jdbi.useHandle(h -> h.createUpdate(MARK_INTERRUPTED).bind("staleSeconds", (double) STALE.toSeconds())
                .bindArray("local", Long.class, (Object[]) ids).execute());
    }

    private Set<String> liveQuietly() {
        try {
            return liveIndices.get();
        } catch (RuntimeException e) {
            return Set.of();
        }
    }

    private static String subject(long id) {
        return "job " + id;
    }

    private Job job(ResultSet rs, StatementContext ctx) throws SQLException {
        Instant started = rs.getTimestamp("started_at").toInstant();
        Timestamp finishedAt = rs.getTimestamp("finished_at");
        Instant finished = finishedAt == null ? null : finishedAt.toInstant();
        Instant until = finished != null ? finished : rs.getTimestamp("read_at").toInstant();
        long done = rs.getLong("done");
        long totalValue = rs.getLong("total");
        Long total = rs.wasNull() ? null : totalValue;
        double seconds = Math.max(0.001, Duration.between(started, until).toMillis() / 1000.0);
        double rate = Math.round(done / seconds * 10) / 10.0;
        return new Job(rs.getLong("id"), stored(Kind.class, rs.getString("kind")),
                stored(State.class, rs.getString("state")), stored(Phase.class, rs.getString("phase")), done,
                total, rate, started, finished, rs.getString("started_by"), rs.getBoolean("cancel_requested"),
                strings(rs.getString("errors")), tree(rs.getString("result")));
    }

    /** The constant a stored key names (the key is the constant's name in lower case). */
    private static <E extends Enum<E>> E stored(Class<E> type, String key) {
        return Enum.valueOf(type, key.toUpperCase(Locale.ROOT));
    }

    private List<String> strings(String array) {
        List<String> values = new ArrayList<>();
        tree(array).forEach(node -> values.add(node.asText()));
        return values;
    }

    private JsonNode tree(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("admin_job holds JSON that does not parse", e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong count = new AtomicLong();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A job this process runs: its progress as the worker sees it, flushed to the table every second. */
    private static final class Running {
        final long id;
        final Kind kind;
        final Actor actor;
        final AtomicLong done = new AtomicLong();
        final AtomicBoolean cancel = new AtomicBoolean();
        volatile Phase phase = Phase.STARTING;
        volatile Long total;

        Running(long id, Kind kind, Actor actor) {
            this.id = id;
            this.kind = kind;
            this.actor = actor;
        }
    }
}
