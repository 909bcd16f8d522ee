package org.talkarchive.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits failed sign-ins per client: after {@code maxFailures} failures within {@code window}, that client's
 * sign-ins are refused without looking at the token until the window (counted from its first failure) has passed.
 * With a 43-character random token guessing is hopeless anyway; the limit keeps a script from trying at full speed
 * and filling the audit log. Kept in memory: a restart forgets it, which costs an attacker one window at most.
 */
public final class SignInLimiter {

    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    private record Failures(Instant first, int count) {
    }

    public SignInLimiter(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
    }

    /** How long this client must wait before it may try again; empty when it may try now. */
    public Optional<Duration> blocked(String client) {
        Failures f = failures.get(client);
        if (f == null) {
            return Optional.empty();
        }
        Instant until = f.first().plus(window);
        Instant now = clock.instant();
        if (!now.isBefore(until)) {
            failures.remove(client, f);
            return Optional.empty();
        }
        return f.count() >= maxFailures ? Optional.of(Duration.between(now, until)) : Optional.empty();
    }

    public void failed(String client) {
        Instant now = clock.instant();
        failures.compute(client, (k, f) -> f == null || !now.isBefore(f.first().plus(window))
                ? new Failures(now, 1) : new Failures(f.first(), f.count() + 1));
        if (failures.size() > 10_000) { // a flood from many addresses must not grow the map without end
            failures.entrySet().removeIf(e -> !now.isBefore(e.getValue().first().plus(window)));
        }
    }

    public void succeeded(String client) {
        failures.remove(client);
    }
}
