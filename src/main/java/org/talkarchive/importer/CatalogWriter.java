package org.talkarchive.importer;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.talkarchive.importer.CorpusRecords.Event;
import org.talkarchive.text.Names;

/**
 * Writes what talks refer to: speakers and tags (each under the spelling most of the corpus uses, see
 * {@link SpellingVotes}) and events. A row is only updated when what the corpus says differs, so an unchanged
 * corpus fires no change-capture trigger. Runs in the caller's transaction.
 */
final class CatalogWriter {

    private static final String UPSERT_SPEAKER = """
            INSERT INTO speaker (name, slug, aliases, alias_slugs)
            VALUES (:name, :slug, :aliases::text[], :aliasSlugs::text[])
            ON CONFLICT (slug) DO UPDATE
               SET name = EXCLUDED.name,
                   aliases = ARRAY(SELECT DISTINCT a FROM unnest(speaker.aliases || EXCLUDED.aliases) AS a
                                   WHERE a <> EXCLUDED.name ORDER BY a),
                   alias_slugs = ARRAY(SELECT DISTINCT a FROM unnest(speaker.alias_slugs || EXCLUDED.alias_slugs) AS a
                                       ORDER BY a),
                   updated_at = now()
             WHERE speaker.name <> EXCLUDED.name OR NOT speaker.aliases @> EXCLUDED.aliases
                OR NOT speaker.alias_slugs @> EXCLUDED.alias_slugs
            """;
    private static final String SPEAKER_IDS = """
            SELECT id, slug AS key FROM speaker WHERE slug = ANY(:keys)
            """;
    private static final String UPSERT_TAG = """
            INSERT INTO tag (name, display_name) VALUES (:key, :displayName)
            ON CONFLICT (name) DO UPDATE SET display_name = EXCLUDED.display_name
             WHERE tag.display_name <> EXCLUDED.display_name
            """;
    private static final String TAG_IDS = """
            SELECT id, name AS key FROM tag WHERE name = ANY(:keys)
            """;
    private static final String UPSERT_EVENT = """
            INSERT INTO event (slug, title, description, start_date, end_date, url)
            VALUES (:slug, :title, :description, :startDate, :endDate, :url)
            ON CONFLICT (slug) DO UPDATE
               SET title = EXCLUDED.title, description = EXCLUDED.description, start_date = EXCLUDED.start_date,
                   end_date = EXCLUDED.end_date, url = EXCLUDED.url, updated_at = now()
             WHERE (event.title, event.description, event.start_date, event.end_date, event.url)
                   IS DISTINCT FROM
                   (EXCLUDED.title, EXCLUDED.description, EXCLUDED.start_date, EXCLUDED.end_date, EXCLUDED.url)
            """;
    private static final String EVENT_ID = """
            SELECT id FROM event WHERE slug = :slug
            """;
    // Each key's spellings with how often the corpus uses them, key by key (in code point order, as Java sorts).
    private static final String VOTES = """
            SELECT key, spelling, count(*)::int AS n FROM import_spelling WHERE kind = :kind
             GROUP BY key, spelling ORDER BY key COLLATE "C", spelling COLLATE "C"
            """;
    private static final int UPSERT_CHUNK = 1000;
    private static final String DELETE_ORPHAN_SPEAKERS = """
            DELETE FROM speaker s WHERE NOT EXISTS (SELECT 1 FROM talk_speaker ts WHERE ts.speaker_id = s.id)
            """;
    private static final String DELETE_ORPHAN_TAGS = """
            DELETE FROM tag t WHERE NOT EXISTS (SELECT 1 FROM talk_tag tt WHERE tt.tag_id = t.id)
            """;

    private CatalogWriter() {
    }

    /** Writes every speaker the import's survey met (see {@link CorpusSurvey}), under its canonical spelling. */
    static void upsertSpeakers(Handle h) {
        forEachVote(h, CorpusSurvey.SPEAKER, () -> new SpellingVotes(SpeakerNames::key, SpeakerNames::person),
                UPSERT_SPEAKER, (batch, slug, votes) -> {
                    List<String> aliases = votes.aliases(slug);
                    // the slugs the aliases would have had as speakers of their own, for redirects
                    List<String> aliasSlugs = aliases.stream().map(Names::slug).filter(s -> !s.equals(slug))
                            .distinct().toList();
                    batch.bind("name", votes.canonical(slug)).bind("slug", slug)
                            .bindArray("aliases", String.class, aliases)
                            .bindArray("aliasSlugs", String.class, aliasSlugs).add();
                });
    }

    /** Writes every tag the import's survey met, under its canonical spelling. */
    static void upsertTags(Handle h) {
        forEachVote(h, CorpusSurvey.TAG, () -> new SpellingVotes(Names::tagKey), UPSERT_TAG,
                (batch, key, votes) -> batch.bind("key", key).bind("displayName", votes.canonical(key)).add());
    }

    /** The ids of these speakers, by slug; every one must exist (the catalog was written first). */
    static Map<String, Long> speakerIds(Handle h, Collection<String> slugs) {
        return ids(h, SPEAKER_IDS, slugs, "speaker");
    }

    /** The ids of these tags, by key; every one must exist. */
    static Map<String, Long> tagIds(Handle h, Collection<String> keys) {
        return ids(h, TAG_IDS, keys, "tag");
    }

    private interface Upsert {
        void add(PreparedBatch batch, String key, SpellingVotes votes);
    }

    /**
     * Hands each key's votes to {@code upsert}, a key at a time in key order, executing the statements a chunk at a
     * time: the spellings are counted in PostgreSQL, so memory holds one key's spellings and one chunk.
     */
    private static void forEachVote(Handle h, String kind, Supplier<SpellingVotes> newVotes,
                                    String sql, Upsert upsert) {
        PreparedBatch[] batch = {h.prepareBatch(sql)};
        String[] key = {null};
        SpellingVotes[] votes = {null};
        Runnable flushKey = () -> {
            if (key[0] != null) {
                upsert.add(batch[0], key[0], votes[0]);
                if (batch[0].size() >= UPSERT_CHUNK) {
                    batch[0].execute();
                    batch[0] = h.prepareBatch(sql);
                }
            }
        };
        try (var rows = h.createQuery(VOTES).bind("kind", kind).setFetchSize(UPSERT_CHUNK)
                .map((rs, ctx) -> new Vote(rs.getString("key"), rs.getString("spelling"), rs.getInt("n")))
                .stream()) {
            rows.forEach(vote -> {
                if (!vote.key().equals(key[0])) {
                    flushKey.run();
                    key[0] = vote.key();
                    votes[0] = newVotes.get();
                }
                votes[0].add(vote.spelling(), vote.times());
            });
        }
        flushKey.run();
        if (batch[0].size() > 0) {
            batch[0].execute();
        }
    }

    private record Vote(String key, String spelling, int times) {
    }

    /** Writes an event; returns its id. */
    static long upsertEvent(Handle h, Event event) {
        h.createUpdate(UPSERT_EVENT).bind("slug", event.slug()).bind("title", event.title())
                .bind("description", event.description()).bind("startDate", event.startDate())
                .bind("endDate", event.endDate()).bind("url", event.url()).execute();
        return h.createQuery(EVENT_ID).bind("slug", event.slug()).mapTo(Long.class).one();
    }

    /** Deletes the speakers and tags no talk refers to any more. */
    static void deleteOrphans(Handle h) {
        h.createUpdate(DELETE_ORPHAN_SPEAKERS).execute();
        h.createUpdate(DELETE_ORPHAN_TAGS).execute();
    }

    private static Map<String, Long> ids(Handle h, String sql, Collection<String> keys, String what) {
        Map<String, Long> ids = new HashMap<>();
        if (keys.isEmpty()) {
            return ids;
        }
        h.createQuery(sql).bindArray("keys", String.class, keys)
                .map((rs, ctx) -> Map.entry(rs.getString("key"), rs.getLong("id")))
                .forEach(entry -> ids.put(entry.getKey(), entry.getValue()));
        for (String key : keys) {
            if (!ids.containsKey(key)) { // only if the corpus changed between the import's two readings
                throw new IllegalStateException("The " + what + " '" + key + "' was not in the corpus when the import"
                        + " began: the corpus changed while importing; run the import again");
            }
        }
        return ids;
    }
}
