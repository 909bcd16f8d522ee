package org.talkarchive.curation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The audit log in PostgreSQL ({@code admin_audit}, V10__curation.sql). It runs on the same {@link Jdbi} as the
 * actions: JDBI hands a nested call on one thread the handle already open, so a record written inside an action's
 * transaction commits or rolls back with it.
 */
public final class PostgresAdminAudit implements AdminAudit {

    /** One row of the log; before and after as JSON text. */
    public record Entry(long id, String actor, OffsetDateTime at, String action, String subject, String before,
                        String after) {
    }

    private static final String INSERT = """
            INSERT INTO admin_audit (actor, action, subject, before, after)
            VALUES (:actor, :action, :subject, CAST(:before AS jsonb), CAST(:after AS jsonb))
            """;
    private static final String RECENT = """
            SELECT id, actor, at, action, subject, before::text AS before, after::text AS after
              FROM admin_audit
             ORDER BY at DESC, id DESC
             LIMIT :limit
            """;

    private final Jdbi jdbi;
    private final ObjectMapper json;

    public PostgresAdminAudit(Jdbi jdbi, ObjectMapper json) {
        this.jdbi = jdbi;
        this.json = json;
    }

    @Override
    public void record(String actor, String action, String subject, Object before, Object after) {
        if (actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("An admin action needs an actor");
        }
        String beforeJson = write(before);
        String afterJson = write(after);
        jdbi.useHandle(h -> h.createUpdate(INSERT).bind("actor", actor).bind("action", action)
                .bind("subject", subject).bind("before", beforeJson).bind("after", afterJson).execute());
    }

    /** The newest entries first. */
    public List<Entry> recent(int limit) {
        return jdbi.withHandle(h -> h.createQuery(RECENT).bind("limit", limit)
                .map((rs, ctx) -> new Entry(rs.getLong("id"), rs.getString("actor"),
                        rs.getObject("at", OffsetDateTime.class), rs.getString("action"), rs.getString("subject"),
                        rs.getString("before"), rs.getString("after")))
                .list());
    }

    private String write(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An audit record's state cannot be written as JSON", e);
        }
    }
}
