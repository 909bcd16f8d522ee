package org.talkarchive.transcripts;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Writes and reads transcripts in PostgreSQL ({@code transcript}, {@code transcript_cue}). Writes run in the
 * caller's transaction; the tables' triggers record the talks touched, so the indexer republishes them.
 */
public final class TranscriptStore {

    /** Where a transcript came from: a caption file in the corpus, or an upload through the admin API. */
    public enum Origin {
        CORPUS, UPLOAD;

        String column() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What the talk page and the API show about a transcript besides its cues. */
    public record Source(String origin, String format, String fileName) {
    }

    private static final String DELETE = """
            DELETE FROM transcript WHERE talk_id = ANY(:talks)
            """;
    private static final String DELETE_FROM_CORPUS = """
            DELETE FROM transcript WHERE talk_id = ANY(:talks) AND origin = 'corpus'
            """;
    private static final String INSERT = """
            INSERT INTO transcript (talk_id, origin, format, file_name) VALUES (:talk, :origin, :format, :fileName)
            """;
    private static final String INSERT_CUE = """
            INSERT INTO transcript_cue (talk_id, position, start_ms, end_ms, text)
            VALUES (:talk, :position, :startMs, :endMs, :text)
            """;
    private static final String CUES = """
            SELECT start_ms, end_ms, text FROM transcript_cue WHERE talk_id = :talk ORDER BY position
            """;
    private static final String SOURCE = """
            SELECT origin, format, file_name FROM transcript WHERE talk_id = :talk
            """;

    private TranscriptStore() {
    }

    /** Replaces the talk's transcript (whatever its origin) with these cues. */
    public static void replace(Handle h, long talkId, Origin origin, CaptionFormat format, String fileName,
                               List<Cue> cues) {
        h.createUpdate(DELETE).bindArray("talks", Long.class, List.of(talkId)).execute();
        h.createUpdate(INSERT).bind("talk", talkId).bind("origin", origin.column())
                .bind("format", format.extension()).bind("fileName", fileName).execute();
        PreparedBatch batch = h.prepareBatch(INSERT_CUE);
        int position = 0;
        for (Cue cue : cues) {
            batch.bind("talk", talkId).bind("position", position++).bind("startMs", cue.startMs())
                    .bind("endMs", cue.endMs()).bind("text", cue.text()).add();
        }
        batch.execute();
    }

    /** Removes the transcripts of these talks that came from the corpus (their caption file is gone). */
    public static void removeCorpusTranscripts(Handle h, Collection<Long> talkIds) {
        if (!talkIds.isEmpty()) {
            h.createUpdate(DELETE_FROM_CORPUS).bindArray("talks", Long.class, talkIds).execute();
        }
    }

    /** Removes the talk's transcript, whatever its origin; whether it had one. */
    public static boolean remove(Handle h, long talkId) {
        return h.createUpdate(DELETE).bindArray("talks", Long.class, List.of(talkId)).execute() > 0;
    }

    public static List<Cue> cues(Handle h, long talkId) {
        return h.createQuery(CUES).bind("talk", talkId)
                .map((rs, ctx) -> new Cue(rs.getInt("start_ms"), rs.getInt("end_ms"), rs.getString("text"))).list();
    }

    public static Optional<Source> source(Handle h, long talkId) {
        return h.createQuery(SOURCE).bind("talk", talkId)
                .map((rs, ctx) -> new Source(rs.getString("origin"), rs.getString("format"),
                        rs.getString("file_name"))).findOne();
    }
}
