package org.talkarchive.admin;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.talkarchive.health.Readiness;
import org.talkarchive.indexer.IndexSync;
import org.talkarchive.indexer.SearchChanges;
import org.talkarchive.indexer.SearchIndex;

/**
 * What the console's status page shows of the index, each part read on its own so that one engine being down
 * leaves the rest readable (a part that could not be read carries its error instead).
 */
public final class IndexStatus {

    /**
     * @param liveIndices        what the alias points at (normally one index); null when Elasticsearch did not answer
     * @param documents          documents behind the alias; null when unknown
     * @param pendingChanges     changes waiting to be published; null when PostgreSQL did not answer
     * @param lagSeconds         age of the oldest of them (0 with none)
     * @param lastCheck          the last consistency check that finished, if any
     * @param errors             what could not be read, and why
     */
    public record Snapshot(String alias, List<String> liveIndices, Long documents, Long pendingChanges,
                           Long lagSeconds, Instant lastSyncSuccess, Instant lastSyncFailure, String lastSyncError,
                           Optional<AdminJobs.Job> lastCheck, Optional<AdminJobs.Job> runningReindex,
                           List<String> errors) {
    }

    private final SearchIndex index;
    private final Readiness readiness;
    private final IndexSync sync;
    private final AdminJobs jobs;

    public IndexStatus(SearchIndex index, Readiness readiness, IndexSync sync, AdminJobs jobs) {
        this.index = index;
        this.readiness = readiness;
        this.sync = sync;
        this.jobs = jobs;
    }

    public Snapshot read() {
        List<String> errors = new java.util.ArrayList<>();
        List<String> live = null;
        Long documents = null;
        try {
            live = List.copyOf(index.indicesBehindAlias());
            documents = index.count();
        } catch (RuntimeException e) {
            errors.add("Elasticsearch: " + e.getMessage());
        }
        Long pending = null;
        Long lag = null;
        try {
            SearchChanges.Pending p = readiness.pending();
            pending = p.changes();
            lag = p.oldestSeconds();
        } catch (RuntimeException e) {
            errors.add("PostgreSQL: " + e.getMessage());
        }
        IndexSync.Status syncStatus = sync.status();
        Optional<AdminJobs.Job> lastCheck = jobs.lastFinished(AdminJobs.Kind.CHECK);
        Optional<AdminJobs.Job> running = jobs.running(AdminJobs.Kind.REINDEX);
        return new Snapshot(index.alias(), live, documents, pending, lag, syncStatus.lastSuccess(),
                syncStatus.lastFailure(), syncStatus.lastError(), lastCheck, running, List.copyOf(errors));
    }
}
