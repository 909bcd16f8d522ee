package org.talkarchive.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The audit log of admin actions, in PostgreSQL ({@code admin_audit}): who, when, what, on what, and the state before
 * and after. Any admin feature records here (reindex and check, and content edits alike); the console lists it.
 * Before and after are whatever the action wants to keep, as JSON (null when there is nothing to say).
 *
 * <p>An action that changes data records within its own transaction ({@link #record(Handle, Actor, Action, String,
 * Object, Object)}), so the change and its record commit together or not at all: an action whose record cannot be
 * written does not happen.
 */
public final class AuditLog {

    private static final String INSERT = """
            INSERT INTO admin_audit (actor, action, subject, before, after)
            VALUES (:actor, :action, :subject, CAST(:before AS jsonb), CAST(:after AS jsonb))
            RETURNING id
            """;
    private static final String PAGE = """
            SELECT id, actor, at, action, subject, before::text AS before, after::text AS after
              FROM admin_audit
             WHERE id < :beforeId
             ORDER BY id DESC
             LIMIT :limit
            """;

    /** What an entry records; {@link #key()} is what is stored, a dotted name. */
    public enum Action {
        REINDEX_START("reindex.start"),
        REINDEX_FINISH("reindex.finish"),
        CHECK_START("check.start"),
        CHECK_FINISH("check.finish"),
        JOB_CANCEL("job.cancel"),
        SIGN_IN("session.sign_in"),
        SIGN_IN_REFUSED("session.sign_in_refused"),
        SIGN_OUT("session.sign_out"),
        TALK_EDIT("talk.edit"),
        TALK_HIDE("talk.hide"),
        TALK_UNHIDE("talk.unhide"),
        SPEAKER_MERGE("speaker.merge"),
        REPORT_RESOLVE("report.resolve");

        private final String key;

        Action(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /**
     * One recorded action, as stored: {@code action} is an {@link Action#key()} (or one an older version wrote);
     * {@code before} and {@code after} are JSON (null when none).
     */
    public record Entry(long id, String actor, Instant at, String action, String subject, JsonNode before,
                        JsonNode after) {
    }

    private final Jdbi jdbi;
    private final ObjectMapper json;

    public AuditLog(Jdbi jdbi, ObjectMapper json) {
        this.jdbi = jdbi;
        this.json = json;
    }

    /**
     * Records one action.
     *
     * @param actor   who: {@link Actor#name()}
     * @param action  what
     * @param subject on what: {@code job 12}, {@code talk 345}; may be null
     * @param before  the state before, serialised as JSON (a record, a map); null for none
     * @param after   the state after; null for none
     * @return the entry's id
     */
    public long record(Actor actor, Action action, String subject, Object before, Object after) {
        return jdbi.withHandle(h -> record(h, actor, action, subject, before, after));
    }

    /**
     * Records one action on the given handle, inside whatever transaction it has open: the record is committed or
     * rolled back with the action's own writes. Parameters as {@link #record(Actor, Action, String, Object, Object)}.
     */
    public long record(Handle handle, Actor actor, Action action, String subject, Object before, Object after) {
        String beforeJson = toJson(before);
        String afterJson = toJson(after);
        return handle.createUpdate(INSERT)
                .bind("actor", actor.name())
                .bind("action", action.key())
                .bind("subject", subject)
                .bind("before", beforeJson)
                .bind("after", afterJson)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    /** The newest entries first, {@code limit} of them, older than the entry {@code beforeId} (paging). */
    public List<Entry> list(int limit, long beforeId) {
        return jdbi.withHandle(h -> h.createQuery(PAGE).bind("limit", limit).bind("beforeId", beforeId)
                .map((rs, ctx) -> new Entry(rs.getLong("id"), rs.getString("actor"),
                        rs.getTimestamp("at").toInstant(), rs.getString("action"), rs.getString("subject"),
                        fromJson(rs.getString("before")), fromJson(rs.getString("after"))))
                .list());
    }

    /** The newest entries first. */
    public List<Entry> latest(int limit) {
        return list(limit, Long.MAX_VALUE);
    }

    private String toJson(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not serialisable as JSON: " + value.getClass(), e);
        }
    }

    private JsonNode fromJson(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("admin_audit holds JSON that does not parse", e);
        }
    }
}
