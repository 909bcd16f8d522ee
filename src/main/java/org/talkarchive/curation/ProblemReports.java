package org.talkarchive.curation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.talkarchive.admin.Actor;
import org.talkarchive.admin.AuditLog;
import org.talkarchive.talks.PagePaths;

/**
 * Problems viewers report with a talk (a wrong speaker, a dead video, a wrong title, something else), stored in
 * PostgreSQL until an admin resolves them. Each client has an allowance of reports, and all of them together one
 * more ({@link ReportAllowance}); the reports themselves keep nothing of who sent them.
 */
public final class ProblemReports {

    public static final int MAX_NOTE = 1000;

    /** What is wrong; {@code code} is what forms send and the database stores. */
    public enum Kind {
        WRONG_SPEAKER("wrong_speaker", "Wrong speaker"),
        DEAD_VIDEO("dead_video", "The video does not play"),
        WRONG_TITLE("wrong_title", "Wrong title"),
        OTHER("other", "Something else");

        private final String code;
        private final String label;

        Kind(String code, String label) {
            this.code = code;
            this.label = label;
        }

        public String code() {
            return code;
        }

        public String label() {
            return label;
        }

        public static Kind of(String code) {
            return Arrays.stream(values()).filter(k -> k.code.equals(code)).findFirst()
                    .orElseThrow(() -> new CurationInputException("kind", "must be one of "
                            + Arrays.stream(values()).map(Kind::code).toList()));
        }
    }

    /** A report with the talk it is about. */
    public record Report(long id, long talkId, String talkTitle, String talkPath, String kind, String kindLabel,
                         String note, OffsetDateTime reportedAt, OffsetDateTime resolvedAt, String resolvedBy) {
    }

    private static final String INSERT = """
            INSERT INTO problem_report (talk_id, kind, note)
            SELECT t.id, :kind, :note
              FROM talk t JOIN event e ON e.id = t.event_id
             WHERE e.slug = :event AND t.slug = :talk AND NOT t.hidden
            RETURNING id
            """;
    private static final String REPORT = """
            SELECT r.id, r.talk_id, t.title, e.slug AS event_slug, t.slug AS talk_slug, r.kind, r.note,
                   r.reported_at, r.resolved_at, r.resolved_by
              FROM problem_report r JOIN talk t ON t.id = r.talk_id JOIN event e ON e.id = t.event_id
            """;
    private static final String OPEN = REPORT + """
             WHERE r.resolved_at IS NULL
             ORDER BY r.reported_at, r.id
             LIMIT :limit
            """;
    private static final String BY_ID = REPORT + " WHERE r.id = :id";
    private static final String LOCK = "SELECT id FROM problem_report WHERE id = :id FOR UPDATE";
    private static final String RESOLVE = """
            UPDATE problem_report SET resolved_at = now(), resolved_by = :actor WHERE id = :id
            """;

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final ReportAllowance allowance;

    public ProblemReports(Jdbi jdbi, AuditLog audit, ReportAllowance allowance) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.allowance = allowance;
    }

    /**
     * Stores a viewer's report on the talk at these slugs and returns its id.
     *
     * @param client who sends it, for the rate limit only (the client's address); not stored
     * @throws CurationInputException   an unknown kind, a note too long or with control characters
     * @throws TooManyReportsException  the client, or everyone together, has used the allowance
     * @throws CurationNotFoundException no such talk, or a hidden one
     */
    public long report(String client, String eventSlug, String talkSlug, String kind, String note) {
        Kind parsed = Kind.of(kind == null ? "" : kind.strip());
        String text = Inputs.text("note", note, MAX_NOTE, true);
        allowance.take(client);
        return jdbi.withHandle(h -> h.createQuery(INSERT).bind("kind", parsed.code())
                .bind("note", text.isEmpty() ? null : text).bind("event", eventSlug).bind("talk", talkSlug)
                .mapTo(Long.class).findOne())
                .orElseThrow(() -> new CurationNotFoundException("No talk " + eventSlug + "/" + talkSlug));
    }

    /** Open reports, oldest first. */
    public List<Report> open(int limit) {
        return jdbi.withHandle(h -> h.createQuery(OPEN).bind("limit", limit).map((rs, ctx) -> report(rs)).list());
    }

    public Optional<Report> report(long id) {
        return jdbi.withHandle(h -> byId(h, id));
    }

    /** Marks the report resolved by the actor; resolving a resolved report again is refused. */
    public Report resolve(Actor actor, long id) {
        return jdbi.inTransaction(h -> {
            h.createQuery(LOCK).bind("id", id).mapTo(Long.class).findOne()
                    .orElseThrow(() -> new CurationNotFoundException("No report " + id));
            Report before = byId(h, id).orElseThrow();
            if (before.resolvedAt() != null) {
                throw new CurationInputException("id", "report " + id + " is resolved already");
            }
            h.createUpdate(RESOLVE).bind("id", id).bind("actor", actor.name()).execute();
            Report after = byId(h, id).orElseThrow();
            audit.record(h, actor, AuditLog.Action.REPORT_RESOLVE, "report " + id, before, after);
            return after;
        });
    }

    private static Optional<Report> byId(Handle h, long id) {
        return h.createQuery(BY_ID).bind("id", id).map((rs, ctx) -> report(rs)).findOne();
    }

    private static Report report(ResultSet rs) throws SQLException {
        Kind kind = Kind.of(rs.getString("kind"));
        return new Report(rs.getLong("id"), rs.getLong("talk_id"), rs.getString("title"),
                PagePaths.talk(rs.getString("event_slug"), rs.getString("talk_slug")), kind.code(), kind.label(),
                rs.getString("note"), rs.getObject("reported_at", OffsetDateTime.class),
                rs.getObject("resolved_at", OffsetDateTime.class), rs.getString("resolved_by"));
    }
}
