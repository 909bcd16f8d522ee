package org.talkarchive.transcripts;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.talkarchive.text.Names;

/**
 * A talk's transcript for its page and its JSON, and uploads of caption files through the admin API. Knows
 * nothing of HTTP: the web layer hands it bytes and gets cues or a {@link CaptionFileException} naming the line.
 */
public final class TranscriptService {

    /** The longest filter a viewer may type into the talk page's "search in transcript" box. */
    public static final int MAX_FILTER = 200;

    private final Jdbi work;
    private final Jdbi read;

    /**
     * @param work PostgreSQL for writes (uploads)
     * @param read PostgreSQL for viewers' requests
     */
    public TranscriptService(Jdbi work, Jdbi read) {
        this.work = work;
        this.read = read;
    }

    /** A talk's transcript: where it came from and its cues in order. */
    public record Transcript(TranscriptStore.Source source, List<Cue> cues) {

        /**
         * The cues that hold every word of {@code words} (folded: case and accents ignored, a word may be part of a
         * longer one), in order; every cue for blank words.
         */
        public List<Cue> matching(String words) {
            if (words == null || words.isBlank()) {
                return cues;
            }
            List<String> wanted = Arrays.stream(Names.fold(words).split("[^\\p{L}\\p{N}']+"))
                    .filter(w -> !w.isEmpty()).toList();
            if (wanted.isEmpty()) {
                return cues;
            }
            return cues.stream().filter(cue -> {
                String text = Names.fold(cue.text());
                return wanted.stream().allMatch(text::contains);
            }).toList();
        }
    }

    public Optional<Transcript> transcript(long talkId) {
        return read.inTransaction(h -> TranscriptStore.source(h, talkId)
                .map(source -> new Transcript(source, TranscriptStore.cues(h, talkId))));
    }

    /**
     * Replaces the talk's transcript with the cues of an uploaded caption file, in one transaction (its triggers
     * record the change, so the talk is republished). Nothing is written when the file is refused.
     *
     * @return the cues stored
     */
    public List<Cue> upload(long talkId, String fileName, CaptionFormat format, byte[] bytes)
            throws CaptionFileException {
        List<Cue> cues = CaptionParser.parse(fileName, bytes, format);
        work.useTransaction(h -> TranscriptStore.replace(h, talkId, TranscriptStore.Origin.UPLOAD, format, fileName,
                cues));
        return cues;
    }

    /** Removes the talk's transcript; whether it had one. */
    public boolean remove(long talkId) {
        return work.inTransaction(h -> TranscriptStore.remove(h, talkId));
    }
}
