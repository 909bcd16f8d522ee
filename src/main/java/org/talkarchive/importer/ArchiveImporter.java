package org.talkarchive.importer;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.talkarchive.importer.CorpusRecords.Event;
import org.talkarchive.importer.CorpusRecords.Rejection;
import org.talkarchive.importer.CorpusRecords.Talk;
import org.talkarchive.importer.PyvideoCorpusReader.Corpus;
import org.talkarchive.talks.VideoEmbeds;
import org.talkarchive.text.Names;

/**
 * Brings the database in step with a corpus folder. Idempotent: each talk carries a hash of what it was imported
 * from, and an unchanged talk is not written at all, so a second run changes nothing (and publishes nothing).
 * Talks that vanished from an event of the corpus are removed; rejected records are left as they were.
 *
 * <p>In transactions, in this order: speakers, tags and events, with the removals ({@link CatalogWriter},
 * {@link TalkWriter#deleteVanished}); then the talks, one event per transaction ({@link TalkWriter}); then the
 * speakers and tags nothing refers to any more are deleted.
 */
public final class ArchiveImporter {

    // After a large import the planner's statistics are stale until autovacuum gets round to them.
    private static final String ANALYZE = """
            ANALYZE event, talk, speaker, talk_speaker, tag, talk_tag, transcript, transcript_cue
            """;
    private static final int ANALYZE_AFTER_CHANGES = 1000;
    // The change rows the triggers recorded in this transaction (xmin: the transaction that wrote the row), read
    // before it commits, so a publisher in another process cannot have taken any of them yet.
    private static final String CHANGES_RECORDED_HERE = """
            SELECT id, talk_id FROM search_change WHERE xmin = pg_current_xact_id()::xid
            """;

    private final Jdbi jdbi;
    private final PyvideoCorpusReader reader;
    private final ObjectMapper json;

    /** @param jdbi PostgreSQL for imports (no statement timeout) */
    public ArchiveImporter(Jdbi jdbi, PyvideoCorpusReader reader, ObjectMapper json) {
        this.jdbi = jdbi;
        this.reader = reader;
        this.json = json;
    }

    public ImportReport importCorpus(Path root, ImportProgress progress) {
        return importCorpus(root, progress, new VideoEmbeds(Set.of()));
    }

    /** @param embeds which videos the pages embed; the importer reports those they will only link */
    public ImportReport importCorpus(Path root, ImportProgress progress, VideoEmbeds embeds) {
        long started = System.nanoTime();
        List<Rejection> downgraded = new ArrayList<>();
        progress.reading(reader.countTalkFiles(root));
        Corpus corpus = VideoVetting.vet(reader.read(root, progress::filesRead), embeds, downgraded);
        Withheld withheld = new Withheld(corpus.noPublish());
        SpellingVotes speakers = new SpellingVotes(SpeakerNames::key, SpeakerNames::person);
        SpellingVotes tags = new SpellingVotes(Names::tagKey);
        int talksRead = 0;
        int withheldCount = 0;
        for (Event event : corpus.events()) {
            for (Talk talk : event.talks()) {
                talksRead++;
                if (withheld.contains(talk)) {
                    withheldCount++;
                } else {
                    talk.speakers().forEach(speakers::add);
                    talk.tags().forEach(tags::add);
                }
            }
        }
        TalkWriter talks = new TalkWriter(new SourceHash(json), withheld);
        Catalog catalog;
        Map<Long, Long> changes = new HashMap<>(); // change row id -> talk id
        try (Handle h = jdbi.open()) {
            // removals first: a talk that moved between events frees its source id before it is added
            catalog = h.inTransaction(tx -> {
                Catalog written = writeCatalog(tx, corpus, speakers, tags, talks);
                changes.putAll(changesRecordedHere(tx));
                return written;
            });
            progress.writing(talksRead);
            int done = 0;
            for (Event event : corpus.events()) {
                h.useTransaction(tx -> {
                    talks.write(tx, catalog.eventIds().get(event.slug()), event, catalog.speakerIds(),
                            catalog.tagIds());
                    changes.putAll(changesRecordedHere(tx));
                });
                done += event.talks().size();
                progress.talksWritten(done);
            }
            h.useTransaction(tx -> {
                CatalogWriter.deleteOrphans(tx);
                changes.putAll(changesRecordedHere(tx));
            });
            if (talks.inserted() + talks.updated() + catalog.deleted() >= ANALYZE_AFTER_CHANGES) {
                h.createUpdate(ANALYZE).execute();
            }
        } catch (JdbiException e) {
            throw new IllegalStateException("Import failed: " + e.getMessage(), e);
        }
        return new ImportReport(corpus.events().size(), talksRead, talks.inserted(), talks.updated(),
                talks.unchanged(), catalog.deleted(), withheldCount, corpus.rejections(), downgraded,
                List.copyOf(changes.keySet()),
                Set.copyOf(changes.values()).size(), Duration.ofNanos(System.nanoTime() - started));
    }

    private static Map<Long, Long> changesRecordedHere(Handle tx) {
        Map<Long, Long> changes = new HashMap<>();
        tx.createQuery(CHANGES_RECORDED_HERE)
                .map((rs, ctx) -> Map.entry(rs.getLong("id"), rs.getLong("talk_id")))
                .forEach(change -> changes.put(change.getKey(), change.getValue()));
        return changes;
    }

    /** What the talks refer to, by key, and how many talks were removed. */
    private record Catalog(Map<String, Long> speakerIds, Map<String, Long> tagIds, Map<String, Long> eventIds,
                           int deleted) {
    }

    private static Catalog writeCatalog(Handle h, Corpus corpus, SpellingVotes speakers, SpellingVotes tags,
                                        TalkWriter talks) {
        Map<String, Long> speakerIds = CatalogWriter.upsertSpeakers(h, speakers);
        Map<String, Long> tagIds = CatalogWriter.upsertTags(h, tags);
        int deleted = talks.deleteWithheld(h);
        Map<String, Long> eventIds = new HashMap<>();
        for (Event event : corpus.events()) {
            long eventId = CatalogWriter.upsertEvent(h, event);
            eventIds.put(event.slug(), eventId);
            deleted += talks.deleteVanished(h, eventId, event);
        }
        return new Catalog(speakerIds, tagIds, eventIds, deleted);
    }
}
