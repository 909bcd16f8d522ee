package org.talkarchive.importer;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.talkarchive.importer.CorpusRecords.Event;
import org.talkarchive.importer.CorpusRecords.Rejection;
import org.talkarchive.importer.CorpusRecords.Talk;
import org.talkarchive.indexer.SearchChanges;
import org.talkarchive.talks.VideoEmbeds;
import org.talkarchive.text.Names;

/**
 * Brings the database in step with a corpus folder. Idempotent: each talk carries a hash of what it was imported
 * from, and an unchanged talk is not written at all, so a second run changes nothing (and publishes nothing).
 * Talks that vanished from an event of the corpus are removed; rejected records are left as they were.
 *
 * <p>Streamed, so memory does not grow with the corpus: a first pass reads every record and notes in PostgreSQL
 * what must be known before any talk is written ({@link CorpusSurvey}); then, in transactions, in this order:
 * speakers and tags, with the removals ({@link CatalogWriter}, {@link TalkWriter#deleteVanished}); then the
 * second pass, one event per transaction, read again as it is written (the event and its talks,
 * {@link TalkWriter}); then the speakers and tags nothing refers to any more are deleted.
 */
public final class ArchiveImporter {

    // After a large import the planner's statistics are stale until autovacuum gets round to them.
    private static final String ANALYZE = """
            ANALYZE event, talk, speaker, talk_speaker, tag, talk_tag, transcript, transcript_cue
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
        PyvideoCorpusReader.Folder folder = reader.open(root);
        progress.reading(reader.countTalkFiles(root));
        List<Rejection> noPublishRejections = new ArrayList<>();
        Withheld withheld = new Withheld(folder.noPublish(noPublishRejections));
        List<Rejection> rejections = Collections.synchronizedList(new ArrayList<>());
        List<Rejection> downgraded = new ArrayList<>();
        TalkWriter talks = new TalkWriter(new SourceHash(json), withheld);
        RecordedChanges changes = new RecordedChanges();
        int events = 0;
        int talksRead = 0;
        int withheldCount = 0;
        int deleted;
        try (Handle h = jdbi.open()) {
            CorpusSurvey.create(h);
            try {
                int toWrite = CorpusSurvey.survey(h, folder, withheld, progress::filesRead);
                // removals first: a talk that moved between events frees its source id before it is added
                deleted = h.inTransaction(tx -> {
                    changes.begin(tx);
                    CatalogWriter.upsertSpeakers(tx);
                    CatalogWriter.upsertTags(tx);
                    int removed = talks.deleteWithheld(tx) + talks.deleteVanished(tx);
                    changes.addRecordedIn(tx);
                    return removed;
                });
                progress.writing(toWrite);
                // An event at a time, the next one read while this one is written.
                List<Path> dirs = folder.eventDirs();
                CompletableFuture<Event> next = readAhead(folder, dirs, 0, rejections);
                for (int i = 0; i < dirs.size(); i++) {
                    Event read = await(next);
                    next = i + 1 < dirs.size() ? readAhead(folder, dirs, i + 1, rejections) : null;
                    if (read == null) {
                        continue; // its category.json was rejected
                    }
                    Event event = VideoVetting.vet(read, embeds, downgraded);
                    events++;
                    talksRead += event.talks().size();
                    withheldCount += (int) event.talks().stream().filter(withheld::contains).count();
                    h.useTransaction(tx -> {
                        changes.begin(tx);
                        long eventId = CatalogWriter.upsertEvent(tx, event);
                        List<Talk> kept = event.talks().stream().filter(t -> !withheld.contains(t)).toList();
                        talks.write(tx, eventId, event,
                                CatalogWriter.speakerIds(tx, keys(kept, Talk::speakers, SpeakerNames::key)),
                                CatalogWriter.tagIds(tx, keys(kept, Talk::tags, Names::tagKey)));
                        changes.addRecordedIn(tx);
                    });
                    progress.talksWritten(talksRead);
                }
                h.useTransaction(tx -> {
                    changes.begin(tx);
                    CatalogWriter.deleteOrphans(tx);
                    changes.addRecordedIn(tx);
                });
            } catch (RuntimeException e) {
                CorpusSurvey.dropQuietly(h, e);
                throw e;
            }
            CorpusSurvey.drop(h); // the connection goes back to the pool without them
            if (talks.inserted() + talks.updated() + deleted >= ANALYZE_AFTER_CHANGES) {
                h.createUpdate(ANALYZE).execute();
            }
        } catch (JdbiException e) {
            throw new IllegalStateException("Import failed: " + e.getMessage(), e);
        }
        List<Rejection> sorted = new ArrayList<>(rejections);
        sorted.sort((a, b) -> a.file().compareTo(b.file()));
        sorted.addAll(noPublishRejections);
        return new ImportReport(events, talksRead, talks.inserted(), talks.updated(), talks.unchanged(), deleted,
                withheldCount, sorted, downgraded, changes.ids(), changes.talks(),
                Duration.ofNanos(System.nanoTime() - started));
    }

    private static CompletableFuture<Event> readAhead(PyvideoCorpusReader.Folder folder, List<Path> dirs, int i,
                                                      List<Rejection> rejections) {
        return CompletableFuture.supplyAsync(() -> folder.event(dirs.get(i), rejections, () -> { }, true));
    }

    private static Event await(CompletableFuture<Event> read) {
        try {
            return read.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private static Set<String> keys(List<Talk> talks, Function<Talk, List<String>> names,
                                    Function<String, String> keyOf) {
        Set<String> keys = new HashSet<>();
        talks.forEach(talk -> names.apply(talk).forEach(name -> keys.add(keyOf.apply(name))));
        return keys;
    }

    /**
     * The change rows the import's transactions recorded, as plain arrays: an import of every talk records several
     * a talk, and boxed in maps they were a large part of what a large import kept in memory.
     */
    private static final class RecordedChanges {
        private long[] ids = new long[1024];
        private long[] talkIds = new long[1024];
        private int size;
        private long floor;

        /** Called first in each transaction, before it writes (see {@link SearchChanges#idFloor}). */
        void begin(Handle tx) {
            floor = SearchChanges.idFloor(tx);
        }

        /** Adds those {@code tx} recorded, read before it commits. */
        void addRecordedIn(Handle tx) {
            SearchChanges.forEachRecordedInThisTransaction(tx, floor, change -> {
                if (size == ids.length) {
                    ids = Arrays.copyOf(ids, size * 2);
                    talkIds = Arrays.copyOf(talkIds, size * 2);
                }
                ids[size] = change.id();
                talkIds[size] = change.talkId();
                size++;
            });
        }

        List<Long> ids() {
            return Arrays.stream(ids, 0, size).boxed().toList();
        }

        /** How many talks the changes are about. */
        int talks() {
            return (int) Arrays.stream(talkIds, 0, size).distinct().count();
        }
    }
}
