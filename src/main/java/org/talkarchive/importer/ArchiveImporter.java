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
            ANALYZE event, talk, speaker, talk_speaker, tag, talk_tag
            """;
    private static final int ANALYZE_AFTER_CHANGES = 1000;

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
        try (Handle h = jdbi.open()) {
            // removals first: a talk that moved between events frees its source id before it is added
            catalog = h.inTransaction(tx -> writeCatalog(tx, corpus, speakers, tags, talks));
            int done = 0;
            for (Event event : corpus.events()) {
                h.useTransaction(tx -> talks.write(tx, catalog.eventIds().get(event.slug()), event,
                        catalog.speakerIds(), catalog.tagIds()));
                progress.eventsWritten(++done, corpus.events().size());
            }
            h.useTransaction(CatalogWriter::deleteOrphans);
            if (talks.inserted() + talks.updated() + catalog.deleted() >= ANALYZE_AFTER_CHANGES) {
                h.createUpdate(ANALYZE).execute();
            }
        } catch (JdbiException e) {
            throw new IllegalStateException("Import failed: " + e.getMessage(), e);
        }
        return new ImportReport(corpus.events().size(), talksRead, talks.inserted(), talks.updated(),
                talks.unchanged(), catalog.deleted(), withheldCount, corpus.rejections(), downgraded,
                Duration.ofNanos(System.nanoTime() - started));
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
