package org.talkarchive.importer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.talkarchive.importer.CorpusRecords.Event;
import org.talkarchive.importer.CorpusRecords.Link;
import org.talkarchive.importer.CorpusRecords.Talk;
import org.talkarchive.importer.CorpusRecords.Video;
import org.talkarchive.text.Names;
import org.talkarchive.transcripts.TranscriptStore;

/**
 * Writes the talks of one import, event by event: a new talk is inserted, a changed one (its {@link SourceHash}
 * differs) is updated and its speakers, tags, videos and links are written anew, an unchanged one is left alone.
 * Also removes the talks that left the corpus. Every statement runs in the caller's transaction; rows go in batches.
 */
final class TalkWriter {

    private static final String EVENT_TALKS = """
            SELECT id, slug, source_hash FROM talk WHERE event_id = :event
            """;
    private static final String DELETE_TALKS = """
            DELETE FROM talk WHERE id = ANY(:talks)
            """;
    private static final String DELETE_VANISHED = """
            DELETE FROM talk t USING event e, import_event i
             WHERE t.event_id = e.id AND e.slug = i.slug
               AND NOT EXISTS (SELECT 1 FROM import_talk k WHERE k.event_slug = i.slug AND k.slug = t.slug)
            """;
    private static final String DELETE_WITHHELD = """
            DELETE FROM talk WHERE source_id = ANY(:sourceIds)
            """;
    private static final String INSERT_TALK = """
            INSERT INTO talk (event_id, slug, source_id, title, description, summary, recorded,
                              duration_seconds, language, thumbnail_url, copyright, quality_notes, source_hash)
            VALUES (:eventId, :slug, :sourceId, :title, :description, :summary, :recorded,
                    :durationSeconds, :language, :thumbnailUrl, :copyright, :qualityNotes, :sourceHash)
            """;
    private static final String UPDATE_TALK = """
            UPDATE talk
               SET source_id = :sourceId, title = :title, description = :description, summary = :summary,
                   recorded = :recorded, duration_seconds = :durationSeconds, language = :language,
                   thumbnail_url = :thumbnailUrl, copyright = :copyright, quality_notes = :qualityNotes,
                   source_hash = :sourceHash, updated_at = now()
             WHERE id = :id
            """;
    private static final List<String> DELETE_CHILDREN = List.of("""
            DELETE FROM talk_speaker WHERE talk_id = ANY(:talks)
            """, """
            DELETE FROM talk_tag WHERE talk_id = ANY(:talks)
            """, """
            DELETE FROM video_source WHERE talk_id = ANY(:talks)
            """, """
            DELETE FROM related_link WHERE talk_id = ANY(:talks)
            """);
    private static final String INSERT_TALK_SPEAKER = """
            INSERT INTO talk_speaker (talk_id, speaker_id, position) VALUES (:talk, :speaker, :position)
            """;
    private static final String INSERT_TALK_TAG = """
            INSERT INTO talk_tag (talk_id, tag_id) VALUES (:talk, :tag)
            """;
    private static final String INSERT_VIDEO = """
            INSERT INTO video_source (talk_id, position, type, url, size_bytes)
            VALUES (:talk, :position, :type, :url, :sizeBytes)
            """;
    private static final String INSERT_LINK = """
            INSERT INTO related_link (talk_id, position, url, label) VALUES (:talk, :position, :url, :label)
            """;

    private final SourceHash hash;
    private final Withheld withheld;
    private int inserted;
    private int updated;
    private int unchanged;

    TalkWriter(SourceHash hash, Withheld withheld) {
        this.hash = hash;
        this.withheld = withheld;
    }

    int inserted() {
        return inserted;
    }

    int updated() {
        return updated;
    }

    int unchanged() {
        return unchanged;
    }

    /** Deletes the talks the corpus now withholds; returns how many there were. */
    int deleteWithheld(Handle h) {
        if (withheld.sourceIds().isEmpty()) {
            return 0;
        }
        return h.createUpdate(DELETE_WITHHELD).bindArray("sourceIds", Integer.class, withheld.sourceIds()).execute();
    }

    /**
     * Deletes the talks of the corpus' events that their folders no longer have (as the import's survey found
     * them, see {@link CorpusSurvey}); returns how many. A talk whose record was rejected keeps what it had; the
     * talks of an event whose own record was rejected are left alone.
     */
    int deleteVanished(Handle h) {
        return h.createUpdate(DELETE_VANISHED).execute();
    }

    /** Brings the talks of one event in step with the corpus. */
    void write(Handle h, long eventId, Event event, Map<String, Long> speakerIds, Map<String, Long> tagIds) {
        Map<String, Existing> existing = existingTalks(h, eventId);
        Map<String, NewTalk> toInsert = new LinkedHashMap<>();
        Map<Long, Talk> toLink = new HashMap<>();
        PreparedBatch updates = h.prepareBatch(UPDATE_TALK);
        for (Talk talk : event.talks()) {
            if (withheld.contains(talk)) {
                continue;
            }
            String sourceHash = hash.of(talk);
            Existing current = existing.get(talk.slug());
            if (current == null) {
                toInsert.put(talk.slug(), new NewTalk(talk, sourceHash));
                inserted++;
            } else if (!sourceHash.equals(current.hash())) {
                updates.bindMethods(talk).bind("sourceHash", sourceHash).bind("id", current.id()).add();
                toLink.put(current.id(), talk);
                updated++;
            } else {
                unchanged++;
            }
        }
        if (!toLink.isEmpty()) {
            updates.execute();
            for (String sql : DELETE_CHILDREN) {
                deleteTalkRows(h, sql, toLink.keySet());
            }
        }
        insertTalks(h, eventId, toInsert.values()).forEach((slug, id) -> toLink.put(id, toInsert.get(slug).talk()));
        insertChildren(h, toLink, speakerIds, tagIds);
        writeTranscripts(h, toLink);
    }

    /**
     * The transcripts of new and changed talks: a caption file replaces what is stored; no caption file removes a
     * transcript that came from the corpus (an uploaded one stays); a refused file leaves what is stored.
     */
    private static void writeTranscripts(Handle h, Map<Long, Talk> talks) {
        List<Long> withoutFile = new ArrayList<>();
        talks.forEach((talkId, talk) -> {
            if (talk.captions() == null) {
                withoutFile.add(talkId);
            } else if (!talk.captions().kept()) {
                TranscriptStore.replace(h, talkId, TranscriptStore.Origin.CORPUS, talk.captions().format(),
                        talk.captions().fileName(), talk.captions().cues());
            }
        });
        TranscriptStore.removeCorpusTranscripts(h, withoutFile);
    }

    private record Existing(long id, String hash) {
    }

    private record NewTalk(Talk talk, String sourceHash) {
    }

    private static Map<String, Existing> existingTalks(Handle h, long eventId) {
        Map<String, Existing> existing = new HashMap<>();
        h.createQuery(EVENT_TALKS).bind("event", eventId)
                .map((rs, ctx) -> Map.entry(rs.getString("slug"),
                        new Existing(rs.getLong("id"), rs.getString("source_hash"))))
                .forEach(entry -> existing.put(entry.getKey(), entry.getValue()));
        return existing;
    }

    /** Inserts the new talks in one batch; returns their ids by slug. */
    private static Map<String, Long> insertTalks(Handle h, long eventId, Collection<NewTalk> talks) {
        Map<String, Long> ids = new HashMap<>();
        if (talks.isEmpty()) {
            return ids;
        }
        PreparedBatch inserts = h.prepareBatch(INSERT_TALK);
        for (NewTalk talk : talks) {
            inserts.bindMethods(talk.talk()).bind("eventId", eventId).bind("sourceHash", talk.sourceHash()).add();
        }
        inserts.executePreparedBatch("id", "slug")
                .map((rs, ctx) -> Map.entry(rs.getString("slug"), rs.getLong("id")))
                .forEach(entry -> ids.put(entry.getKey(), entry.getValue()));
        return ids;
    }

    private static void insertChildren(Handle h, Map<Long, Talk> talks, Map<String, Long> speakerIds,
                                       Map<String, Long> tagIds) {
        if (talks.isEmpty()) {
            return;
        }
        PreparedBatch speakers = h.prepareBatch(INSERT_TALK_SPEAKER);
        PreparedBatch tags = h.prepareBatch(INSERT_TALK_TAG);
        PreparedBatch videos = h.prepareBatch(INSERT_VIDEO);
        PreparedBatch links = h.prepareBatch(INSERT_LINK);
        talks.forEach((talkId, talk) -> {
            int position = 0;
            for (String name : talk.speakers()) {
                speakers.bind("talk", talkId).bind("speaker", speakerIds.get(SpeakerNames.key(name)))
                        .bind("position", position++).add();
            }
            for (String tag : talk.tags()) {
                tags.bind("talk", talkId).bind("tag", tagIds.get(Names.tagKey(tag))).add();
            }
            position = 0;
            for (Video video : talk.videos()) {
                videos.bindMethods(video).bind("talk", talkId).bind("position", position++).add();
            }
            position = 0;
            for (Link link : talk.relatedLinks()) {
                links.bindMethods(link).bind("talk", talkId).bind("position", position++).add();
            }
        });
        for (PreparedBatch batch : List.of(speakers, tags, videos, links)) {
            if (batch.size() > 0) {
                batch.execute();
            }
        }
    }

    private static int deleteTalkRows(Handle h, String sql, Collection<Long> talkIds) {
        return talkIds.isEmpty() ? 0 : h.createUpdate(sql).bindArray("talks", Long.class, talkIds).execute();
    }
}
