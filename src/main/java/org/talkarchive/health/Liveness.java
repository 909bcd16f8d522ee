package org.talkarchive.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.talkarchive.health.Readiness.Component;
import org.talkarchive.health.Readiness.Status;

/**
 * Whether the process is alive, in the shape of {@link Readiness}'s report. It asks no engine: a liveness probe
 * that failed while PostgreSQL or Elasticsearch was away would have the process restarted for a fault a restart
 * cannot mend, and every replica at once.
 */
public final class Liveness {

    /** What an operator wants to know of a live process: which build, and since when. */
    public record ProcessDetails(String version, long uptimeSeconds) {
    }

    public record Components(Component<ProcessDetails> process) {
    }

    public record Report(Status status, Components components) {
    }

    private final String version;
    private final Clock clock;
    private final Instant started;

    public Liveness(String version, Clock clock) {
        this.version = version;
        this.clock = clock;
        this.started = clock.instant();
    }

    /** Always up: answering at all is the proof. */
    public Report check() {
        long uptime = Duration.between(started, clock.instant()).toSeconds();
        return new Report(Status.UP, new Components(new Component<>(Status.UP, new ProcessDetails(version, uptime))));
    }
}
