package org.talkarchive.health;

import java.time.Duration;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;
import org.talkarchive.indexer.SearchChanges;

/**
 * Whether publishing is behind: a change has waited in {@code search_change} longer than publishing normally takes,
 * so the engine's answers may not show it yet (after an outage of Elasticsearch, during an import). Searches say so.
 * Asked on every search, so the answer is kept for a second: one cheap query (the oldest row, by its key) a second
 * at most.
 */
public final class PublishingLag {

    /** Longer than a change waits while publishing keeps up (well under a second: notified, refreshed with it). */
    public static final Duration BEHIND_AFTER = Duration.ofSeconds(2);
    static final Duration KEPT = Duration.ofSeconds(1);

    private record Answer(boolean behind, Instant askedAt) {
    }

    private final Jdbi readPool;
    private volatile Answer last = new Answer(false, Instant.MIN);

    public PublishingLag(Jdbi readPool) {
        this.readPool = readPool;
    }

    /** True when the oldest unpublished change is older than {@link #BEHIND_AFTER} (as of at most a second ago). */
    public boolean behind() {
        Answer answer = last;
        Instant now = Instant.now();
        if (answer.askedAt().plus(KEPT).isAfter(now)) {
            return answer.behind();
        }
        boolean behind;
        try {
            behind = readPool.withHandle(h -> SearchChanges.oldestIsOlderThan(h, BEHIND_AFTER)).orElse(false);
        } catch (RuntimeException e) {
            behind = answer.behind(); // PostgreSQL away: the page fails on its own; say what was last known
        }
        last = new Answer(behind, now);
        return behind;
    }
}
