package org.talkarchive.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Console sign-in and sessions. Signing in means presenting the admin token (compared in constant time); a session
 * is then a random id (256 bits) in a cookie, kept server side in PostgreSQL as its SHA-256 only, with a CSRF token
 * of its own (the synchronizer token every form carries). A session ends at sign-out, after {@link #IDLE} without
 * use, or {@link #LIFETIME} after sign-in, whichever comes first. Failed sign-ins are limited per client
 * ({@link SignInLimiter}).
 */
public final class AdminSessions {

    public static final Duration IDLE = Duration.ofMinutes(30);
    public static final Duration LIFETIME = Duration.ofHours(8);

    private static final String CREATE = """
            INSERT INTO admin_session (id_hash, csrf_token, expires_at)
            VALUES (:hash, :csrf, now() + make_interval(secs => :lifetime))
            """;
    private static final String TOUCH = """
            UPDATE admin_session SET last_seen = now()
             WHERE id_hash = :hash AND expires_at > now() AND last_seen > now() - make_interval(secs => :idle)
            RETURNING csrf_token
            """;
    private static final String END = """
            DELETE FROM admin_session WHERE id_hash = :hash
            """;
    private static final String PURGE = """
            DELETE FROM admin_session WHERE expires_at <= now() OR last_seen <= now() - make_interval(secs => :idle)
            """;

    /** A signed-in console session: the id only the cookie holds, who it is in the audit log, its CSRF token. */
    public record Session(String id, Actor actor, String csrfToken) {
    }

    /** What a sign-in came to. */
    public sealed interface SignIn {
        /** Signed in. */
        record Accepted(Session session) implements SignIn {
        }

        /** The token was wrong. */
        record Refused() implements SignIn {
        }

        /** Too many failures from this client lately: not even compared. */
        record Limited(Duration retryAfter) implements SignIn {
        }
    }

    private final Jdbi jdbi;
    private final Optional<String> token;
    private final SignInLimiter limiter;
    private final AuditLog audit;
    private final SecureRandom random = new SecureRandom();

    /** @param token the admin token; none switches the console off */
    public AdminSessions(Jdbi jdbi, Optional<String> token, SignInLimiter limiter, AuditLog audit) {
        this.jdbi = jdbi;
        this.token = token.filter(t -> !t.isBlank());
        this.limiter = limiter;
        this.audit = audit;
    }

    /** False when no admin token is configured: the console is off. */
    public boolean enabled() {
        return token.isPresent();
    }

    /** Constant-time: the time taken must not tell how much of a guess was right. */
    public boolean isAdminToken(String presented) {
        return token.isPresent() && presented != null && MessageDigest.isEqual(
                presented.getBytes(StandardCharsets.UTF_8), token.get().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Signs in with the admin token; each attempt is audited.
     *
     * @param client who is asking, for the limit on failures (the remote address)
     */
    public SignIn signIn(String presented, String client) {
        if (!enabled()) {
            return new SignIn.Refused();
        }
        Optional<Duration> wait = limiter.blocked(client);
        if (wait.isPresent()) {
            return new SignIn.Limited(wait.get());
        }
        if (!isAdminToken(presented)) {
            limiter.failed(client);
            audit.record(Actor.signIn(client), AuditLog.Action.SIGN_IN_REFUSED, null, null, null);
            return new SignIn.Refused();
        }
        limiter.succeeded(client);
        String id = randomToken();
        String csrf = randomToken();
        jdbi.useHandle(h -> {
            h.createUpdate(PURGE).bind("idle", (double) IDLE.toSeconds()).execute();
            h.createUpdate(CREATE).bind("hash", hash(id)).bind("csrf", csrf)
                    .bind("lifetime", (double) LIFETIME.toSeconds()).execute();
        });
        Session session = new Session(id, actorOf(id), csrf);
        audit.record(session.actor(), AuditLog.Action.SIGN_IN, null, null, null);
        return new SignIn.Accepted(session);
    }

    /** The session with this id, if it is still valid; using it keeps it alive. */
    public Optional<Session> find(String id) {
        if (!enabled() || id == null || id.isEmpty() || id.length() > 100) {
            return Optional.empty();
        }
        return jdbi.withHandle(h -> h.createQuery(TOUCH).bind("hash", hash(id)).bind("idle", (double) IDLE.toSeconds())
                .mapTo(String.class).findOne()).map(csrf -> new Session(id, actorOf(id), csrf));
    }

    public void signOut(Session session) {
        jdbi.useHandle(h -> h.createUpdate(END).bind("hash", hash(session.id())).execute());
        audit.record(session.actor(), AuditLog.Action.SIGN_OUT, null, null, null);
    }

    /** True when {@code presented} is the session's CSRF token (constant time). */
    public static boolean csrfMatches(Session session, String presented) {
        return presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                session.csrfToken().getBytes(StandardCharsets.UTF_8));
    }

    /** 256 random bits, URL-safe: for session ids and CSRF tokens. */
    public String randomToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Actor actorOf(String id) {
        return Actor.session(HexFormat.of().formatHex(hash(id)).substring(0, 8));
    }

    private static byte[] hash(String id) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
