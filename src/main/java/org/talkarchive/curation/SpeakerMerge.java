package org.talkarchive.curation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.talkarchive.admin.Actor;
import org.talkarchive.admin.AuditLog;

/**
 * Merges two speakers that are one person: speaker B's talks move to speaker A, B's name and spellings become A's
 * aliases (so a search for them finds A's talks), and B's slug joins A's alias slugs, so B's old address answers
 * 301 with A's (the redirect of speaker.alias_slugs). B's row is deleted. The moved talks are captured by the
 * triggers on talk_speaker and speaker and republished by the sync.
 */
public final class SpeakerMerge {

    /** A speaker as the console shows and the audit log records it. */
    public record SpeakerState(long id, String slug, String name, List<String> aliases, List<String> aliasSlugs,
                               List<Long> talkIds) {
    }

    /** What a merge did: both speakers as they were, and the one that remains. */
    public record Result(SpeakerState kept, SpeakerState merged, SpeakerState after) {
    }

    private static final String STATE = """
            SELECT s.id, s.slug, s.name, s.aliases, s.alias_slugs,
                   COALESCE((SELECT array_agg(ts.talk_id ORDER BY ts.talk_id) FROM talk_speaker ts
                              WHERE ts.speaker_id = s.id), '{}') AS talk_ids
              FROM speaker s
             WHERE s.slug = :slug
            """;
    // Both rows locked in one order (by id), so two merges of the same pair cannot deadlock.
    private static final String LOCK = """
            SELECT id FROM speaker WHERE slug IN (:a, :b) ORDER BY id FOR UPDATE
            """;
    // A talk by both people keeps A once: B's link goes, the positions of the others stay as they were.
    private static final String DROP_SHARED = """
            DELETE FROM talk_speaker
             WHERE speaker_id = :b AND talk_id IN (SELECT talk_id FROM talk_speaker WHERE speaker_id = :a)
            """;
    private static final String MOVE = """
            UPDATE talk_speaker SET speaker_id = :a WHERE speaker_id = :b
            """;
    private static final String UPDATE_KEPT = """
            UPDATE speaker SET aliases = :aliases, alias_slugs = :aliasSlugs, updated_at = now() WHERE id = :a
            """;
    private static final String DELETE_MERGED = """
            DELETE FROM speaker WHERE id = :b
            """;

    private final Jdbi jdbi;
    private final AuditLog audit;

    public SpeakerMerge(Jdbi jdbi, AuditLog audit) {
        this.jdbi = jdbi;
        this.audit = audit;
    }

    public Optional<SpeakerState> speaker(String slug) {
        return jdbi.withHandle(h -> state(h, slug));
    }

    /** Merges the speaker at {@code mergeSlug} into the one at {@code keepSlug}. */
    public Result merge(Actor actor, String keepSlug, String mergeSlug) {
        String keep = Inputs.required("keep", keepSlug, 200).toLowerCase(Locale.ROOT);
        String merge = Inputs.required("merge", mergeSlug, 200).toLowerCase(Locale.ROOT);
        if (keep.equals(merge)) {
            throw new CurationInputException("merge", "must name another speaker than the one kept");
        }
        return jdbi.inTransaction(h -> {
            h.createQuery(LOCK).bind("a", keep).bind("b", merge).mapTo(Long.class).list();
            SpeakerState a = state(h, keep).orElseThrow(() -> new CurationNotFoundException("No speaker " + keep));
            SpeakerState b = state(h, merge).orElseThrow(() -> new CurationNotFoundException("No speaker " + merge));
            Set<String> aliases = new LinkedHashSet<>(a.aliases());
            aliases.add(b.name());
            aliases.addAll(b.aliases());
            aliases.remove(a.name());
            Set<String> aliasSlugs = new LinkedHashSet<>(a.aliasSlugs());
            aliasSlugs.add(b.slug());
            aliasSlugs.addAll(b.aliasSlugs());
            aliasSlugs.remove(a.slug());
            h.createUpdate(DROP_SHARED).bind("a", a.id()).bind("b", b.id()).execute();
            h.createUpdate(MOVE).bind("a", a.id()).bind("b", b.id()).execute();
            h.createUpdate(UPDATE_KEPT).bind("a", a.id())
                    .bindArray("aliases", String.class, aliases.toArray())
                    .bindArray("aliasSlugs", String.class, aliasSlugs.toArray())
                    .execute();
            h.createUpdate(DELETE_MERGED).bind("b", b.id()).execute();
            SpeakerState after = state(h, keep).orElseThrow();
            audit.record(h, actor, AuditLog.Action.SPEAKER_MERGE, "speaker " + a.slug(), Map.of("kept", a, "merged", b),
                    after);
            return new Result(a, b, after);
        });
    }

    private static Optional<SpeakerState> state(Handle h, String slug) {
        return h.createQuery(STATE).bind("slug", slug).map((rs, ctx) -> state(rs)).findOne();
    }

    private static SpeakerState state(ResultSet rs) throws SQLException {
        Long[] talkIds = (Long[]) rs.getArray("talk_ids").getArray();
        return new SpeakerState(rs.getLong("id"), rs.getString("slug"), rs.getString("name"),
                TalkEditing.strings(rs.getArray("aliases")), TalkEditing.strings(rs.getArray("alias_slugs")),
                new ArrayList<>(List.of(talkIds)));
    }
}
