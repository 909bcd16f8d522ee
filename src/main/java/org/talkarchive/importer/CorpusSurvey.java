package org.talkarchive.importer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.jdbi.v3.core.Handle;
import org.talkarchive.importer.CorpusRecords.Event;
import org.talkarchive.importer.CorpusRecords.Rejection;
import org.talkarchive.importer.CorpusRecords.Talk;
import org.talkarchive.text.Names;

/**
 * The import's first pass: what the whole corpus says that must be known before any talk is written, kept in
 * temporary tables of the import's session rather than in memory, so an import's memory does not grow with the
 * corpus. Two things: every spelling of every speaker and tag (their canonical spellings are a vote across the
 * corpus, see {@link SpellingVotes}), and which events and talk slugs the corpus has (the talks that vanished are
 * removed before any is added, as a talk that moved between events must free its source id first).
 *
 * <p>Events are read in parallel and recorded one at a time; rejections are left to the second pass, which reads
 * every record again and reports them once.
 */
final class CorpusSurvey {

    private static final List<String> CREATE = List.of("""
            CREATE TEMPORARY TABLE import_spelling (kind text NOT NULL, key text NOT NULL, spelling text NOT NULL)
            """, """
            CREATE TEMPORARY TABLE import_event (slug text NOT NULL)
            """, """
            CREATE TEMPORARY TABLE import_talk (event_slug text NOT NULL, slug text NOT NULL)
            """);
    private static final String DROP = """
            DROP TABLE IF EXISTS import_spelling, import_event, import_talk
            """;
    private static final String ADD_SPELLINGS = """
            INSERT INTO import_spelling (kind, key, spelling)
            SELECT :kind, k, s FROM unnest(:keys::text[], :spellings::text[]) AS v(k, s)
            """;
    private static final String ADD_EVENT = """
            INSERT INTO import_event (slug) VALUES (:slug)
            """;
    private static final String ADD_TALKS = """
            INSERT INTO import_talk (event_slug, slug) SELECT :event, unnest(:slugs::text[])
            """;
    // The planner has no statistics of a temporary table unless asked (autovacuum does not see them).
    private static final String ANALYZE = """
            ANALYZE import_spelling, import_event, import_talk
            """;
    static final String SPEAKER = "speaker";
    static final String TAG = "tag";

    private CorpusSurvey() {
    }

    /** One event's part of the survey, the only thing held per event. */
    private record Surveyed(String slug, List<String> talkSlugs, List<String> speakerKeys, List<String> speakers,
                            List<String> tagKeys, List<String> tags, int talks) {
    }

    /** Creates the tables on {@code h}'s session (outside a transaction: they live until {@link #drop}). */
    static void create(Handle h) {
        drop(h);
        CREATE.forEach(h::execute);
    }

    static void drop(Handle h) {
        h.execute(DROP);
    }

    /** {@link #drop} after a failure, which it must not hide: a broken session takes its tables with it anyway. */
    static void dropQuietly(Handle h, Exception failure) {
        try {
            drop(h);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Reads every event (in parallel) and records what it says; {@code filesRead} hears the talk files read.
     * Returns how many good talk records there are.
     */
    static int survey(Handle h, PyvideoCorpusReader.Folder folder, Withheld withheld, IntConsumer filesRead) {
        AtomicInteger read = new AtomicInteger();
        int[] talks = new int[1];
        folder.eventDirs().parallelStream()
                .map(dir -> survey(folder, dir, withheld, () -> filesRead.accept(read.incrementAndGet())))
                .filter(Objects::nonNull)
                .forEach(event -> {
                    synchronized (talks) { // one connection: one event's rows at a time
                        record(h, event);
                        talks[0] += event.talks();
                    }
                });
        h.execute(ANALYZE);
        return talks[0];
    }

    private static Surveyed survey(PyvideoCorpusReader.Folder folder, Path dir, Withheld withheld,
                                   Runnable talkFileRead) {
        Event event = folder.event(dir, new ArrayList<Rejection>(), talkFileRead, false);
        if (event == null) {
            return null;
        }
        // A rejected record's talk keeps what it had, so its slug counts as present.
        List<String> slugs = new ArrayList<>(event.rejectedTalkSlugs());
        List<String> speakerKeys = new ArrayList<>();
        List<String> speakers = new ArrayList<>();
        List<String> tagKeys = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        for (Talk talk : event.talks()) {
            slugs.add(talk.slug()); // a withheld talk goes anyway, by its source id (TalkWriter.deleteWithheld)
            if (withheld.contains(talk)) {
                continue;
            }
            for (String speaker : talk.speakers()) {
                speakerKeys.add(SpeakerNames.key(speaker));
                speakers.add(speaker);
            }
            for (String tag : talk.tags()) {
                tagKeys.add(Names.tagKey(tag));
                tags.add(tag);
            }
        }
        return new Surveyed(event.slug(), slugs, speakerKeys, speakers, tagKeys, tags, event.talks().size());
    }

    private static void record(Handle h, Surveyed event) {
        h.createUpdate(ADD_EVENT).bind("slug", event.slug()).execute();
        h.createUpdate(ADD_TALKS).bind("event", event.slug()).bindArray("slugs", String.class, event.talkSlugs())
                .execute();
        addSpellings(h, SPEAKER, event.speakerKeys(), event.speakers());
        addSpellings(h, TAG, event.tagKeys(), event.tags());
    }

    private static void addSpellings(Handle h, String kind, List<String> keys, List<String> spellings) {
        if (!keys.isEmpty()) {
            h.createUpdate(ADD_SPELLINGS).bind("kind", kind).bindArray("keys", String.class, keys)
                    .bindArray("spellings", String.class, spellings).execute();
        }
    }
}
