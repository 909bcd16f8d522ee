package org.talkarchive.curation;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.talkarchive.admin.Actor;
import org.talkarchive.admin.AuditLog;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.talkarchive.talks.PagePaths;
import org.talkarchive.text.LikePatterns;
import org.talkarchive.text.Names;

/**
 * An admin's changes to a talk: its title, description and tags, and hiding it from viewers. Each change is one
 * transaction with its audit record. Nothing is pushed to the search engine from here: the writes are captured by
 * the triggers on talk and talk_tag and published by the sync within its polling interval, as any change is.
 */
public final class TalkEditing {

    public static final int MAX_TITLE = 300;
    public static final int MAX_DESCRIPTION = 20_000;
    public static final int MAX_TAG = 60;
    public static final int MAX_TAGS = 30;

    /** A talk as the console shows and the audit log records it. Tags by display name, in the projection's order. */
    public record TalkState(long id, String eventSlug, String slug, String title, String description,
                            List<String> tags, boolean hidden) {

        public String path() {
            return PagePaths.talk(eventSlug, slug);
        }
    }

    /**
     * What to change; a null field is left as it is. An empty description removes it; tags replace the talk's
     * tags (an empty list removes them all).
     */
    public record Edit(String title, String description, List<String> tags) {
    }

    private static final String STATE = """
            SELECT t.id, e.slug AS event_slug, t.slug, t.title, t.description, t.hidden,
                   COALESCE((SELECT array_agg(g.display_name ORDER BY lower(g.display_name), g.name)
                               FROM talk_tag tt JOIN tag g ON g.id = tt.tag_id
                              WHERE tt.talk_id = t.id), '{}') AS tags
              FROM talk t JOIN event e ON e.id = t.event_id
            """;
    private static final String BY_ID = STATE + " WHERE t.id = :id";
    private static final String LOCK = "SELECT id FROM talk WHERE id = :id FOR UPDATE";
    // Hidden talks too: this is where an admin finds a talk to unhide.
    private static final String FIND = STATE + """
             WHERE lower(t.title) LIKE '%' || :words || '%' OR e.slug || '/' || t.slug LIKE '%' || :words || '%'
             ORDER BY t.hidden DESC, t.title, t.id
             LIMIT :limit
            """;
    private static final String UPDATE_TEXT = """
            UPDATE talk SET title = :title, description = :description, updated_at = now() WHERE id = :id
            """;
    private static final String INSERT_TAG = """
            INSERT INTO tag (name, display_name) VALUES (:name, :display) ON CONFLICT (name) DO NOTHING
            """;
    private static final String DROP_TAGS = """
            DELETE FROM talk_tag
             WHERE talk_id = :talk AND tag_id NOT IN (SELECT id FROM tag WHERE name = ANY(:keys))
            """;
    private static final String ADD_TAGS = """
            INSERT INTO talk_tag (talk_id, tag_id)
            SELECT :talk, id FROM tag WHERE name = ANY(:keys)
            ON CONFLICT DO NOTHING
            """;
    private static final String SET_HIDDEN = """
            UPDATE talk SET hidden = :hidden, updated_at = now() WHERE id = :id
            """;

    private final Jdbi jdbi;
    private final AuditLog audit;

    public TalkEditing(Jdbi jdbi, AuditLog audit) {
        this.jdbi = jdbi;
        this.audit = audit;
    }

    public Optional<TalkState> talk(long id) {
        return jdbi.withHandle(h -> state(h, id));
    }

    /** Talks whose title (or event/talk slug) contains the words, hidden ones first; all talks for blank words. */
    public List<TalkState> find(String words, int limit) {
        String folded = LikePatterns.escape(Inputs.text("q", words, 200, false).toLowerCase(Locale.ROOT));
        return jdbi.withHandle(h -> h.createQuery(FIND).bind("words", folded).bind("limit", limit)
                .map((rs, ctx) -> state(rs)).list());
    }

    /** Validates and applies the edit; returns the talk as it is now. */
    public TalkState edit(Actor actor, long id, Edit edit) {
        String title = edit.title() == null ? null : Inputs.required("title", edit.title(), MAX_TITLE);
        String description = edit.description() == null ? null
                : Inputs.text("description", edit.description(), MAX_DESCRIPTION, true);
        Map<String, String> tags = edit.tags() == null ? null : tags(edit.tags());
        return jdbi.inTransaction(h -> {
            TalkState before = locked(h, id);
            h.createUpdate(UPDATE_TEXT).bind("id", id)
                    .bind("title", title == null ? before.title() : title)
                    .bind("description", description == null ? before.description()
                            : description.isEmpty() ? null : description)
                    .execute();
            if (tags != null) {
                PreparedBatch insert = h.prepareBatch(INSERT_TAG);
                tags.forEach((key, display) -> insert.bind("name", key).bind("display", display).add());
                if (!tags.isEmpty()) {
                    insert.execute();
                }
                String[] keys = tags.keySet().toArray(String[]::new);
                h.createUpdate(DROP_TAGS).bind("talk", id).bindArray("keys", String.class, (Object[]) keys).execute();
                h.createUpdate(ADD_TAGS).bind("talk", id).bindArray("keys", String.class, (Object[]) keys).execute();
            }
            TalkState after = state(h, id).orElseThrow();
            audit.record(h, actor, AuditLog.Action.TALK_EDIT, "talk " + id, before, after);
            return after;
        });
    }

    public TalkState hide(Actor actor, long id) {
        return setHidden(actor, id, true);
    }

    public TalkState unhide(Actor actor, long id) {
        return setHidden(actor, id, false);
    }

    private TalkState setHidden(Actor actor, long id, boolean hidden) {
        return jdbi.inTransaction(h -> {
            TalkState before = locked(h, id);
            // Written even when unchanged: the UPDATE is what makes the sync publish the talk's state once more.
            h.createUpdate(SET_HIDDEN).bind("id", id).bind("hidden", hidden).execute();
            TalkState after = state(h, id).orElseThrow();
            AuditLog.Action action = hidden ? AuditLog.Action.TALK_HIDE : AuditLog.Action.TALK_UNHIDE;
            audit.record(h, actor, action, "talk " + id, before, after);
            return after;
        });
    }

    /** Cleaned tags by key, the first spelling of a key kept, as the importer keys them. */
    static Map<String, String> tags(List<String> raw) {
        Map<String, String> byKey = new LinkedHashMap<>();
        for (String tag : raw) {
            String cleaned = Names.clean(Inputs.text("tags", tag, MAX_TAG, false));
            if (!cleaned.isEmpty()) {
                byKey.putIfAbsent(Names.tagKey(cleaned), cleaned);
            }
        }
        if (byKey.size() > MAX_TAGS) {
            throw new CurationInputException("tags", "must be at most " + MAX_TAGS + " tags (was " + byKey.size()
                    + ")");
        }
        return byKey;
    }

    private static TalkState locked(Handle h, long id) {
        h.createQuery(LOCK).bind("id", id).mapTo(Long.class).findOne()
                .orElseThrow(() -> new CurationNotFoundException("No talk " + id));
        return state(h, id).orElseThrow();
    }

    private static Optional<TalkState> state(Handle h, long id) {
        return h.createQuery(BY_ID).bind("id", id).map((rs, ctx) -> state(rs)).findOne();
    }

    private static TalkState state(ResultSet rs) throws SQLException {
        return new TalkState(rs.getLong("id"), rs.getString("event_slug"), rs.getString("slug"),
                rs.getString("title"), rs.getString("description"), strings(rs.getArray("tags")),
                rs.getBoolean("hidden"));
    }

    static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
