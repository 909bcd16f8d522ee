package org.talkarchive.importer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    private static final String DELETE_ORPHAN_SPEAKERS = """
            DELETE FROM speaker s WHERE NOT EXISTS (SELECT 1 FROM talk_speaker ts WHERE ts.speaker_id = s.id)
            """;
    private static final String DELETE_ORPHAN_TAGS = """
            DELETE FROM tag t WHERE NOT EXISTS (SELECT 1 FROM talk_tag tt WHERE tt.tag_id = t.id)
            """;

    private CatalogWriter() {
    }

    /** Writes every speaker the votes name; returns their ids by slug. */
    static Map<String, Long> upsertSpeakers(Handle h, SpellingVotes speakers) {
        PreparedBatch batch = h.prepareBatch(UPSERT_SPEAKER);
        for (String slug : speakers.keys()) {
            List<String> aliases = speakers.aliases(slug);
            // the slugs the aliases would have had as speakers of their own, for redirects
            List<String> aliasSlugs = aliases.stream().map(Names::slug).filter(s -> !s.equals(slug)).distinct().toList();
            batch.bind("name", speakers.canonical(slug)).bind("slug", slug)
                    .bindArray("aliases", String.class, aliases)
                    .bindArray("aliasSlugs", String.class, aliasSlugs).add();
        }
        return executeAndFindIds(h, batch, SPEAKER_IDS, speakers);
    }

    /** Writes every tag the votes name; returns their ids by key. */
    static Map<String, Long> upsertTags(Handle h, SpellingVotes tags) {
        PreparedBatch batch = h.prepareBatch(UPSERT_TAG);
        for (String key : tags.keys()) {
            batch.bind("key", key).bind("displayName", tags.canonical(key)).add();
        }
        return executeAndFindIds(h, batch, TAG_IDS, tags);
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

    private static Map<String, Long> executeAndFindIds(Handle h, PreparedBatch batch, String idsSql,
                                                       SpellingVotes votes) {
        List<String> keys = new ArrayList<>();
        votes.keys().forEach(keys::add);
        if (!keys.isEmpty()) {
            batch.execute();
        }
        Map<String, Long> ids = new HashMap<>();
        h.createQuery(idsSql).bindArray("keys", String.class, keys)
                .map((rs, ctx) -> Map.entry(rs.getString("key"), rs.getLong("id")))
                .forEach(entry -> ids.put(entry.getKey(), entry.getValue()));
        return ids;
    }
}
