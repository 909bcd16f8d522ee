package org.talkarchive.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.talkarchive.indexer.TalkDocument;
import org.talkarchive.transcripts.Cue;

/**
 * A synthetic load of talks with captions, deterministic for a seed: by default 2,000 talks of 45 minutes, a cue
 * every 3 seconds (900 cues a talk, 8 to 14 words each). Words are drawn from a vocabulary of 6,000 made-up words
 * with a Zipf-like distribution (a few words very common, most rare), as in speech, plus 60 English function
 * words; titles and descriptions come from the same vocabulary.
 *
 * <p>As documents for the search index ({@link #documents}) or as a corpus in the pyvideo layout with a WebVTT
 * file beside every talk ({@link #writeCorpus}; run {@code main DIR [talks] [cues per talk]}).
 */
public final class TranscriptLoad {

    public static final int TALKS = 2_000;
    public static final int CUES_PER_TALK = 900;
    private static final int VOCABULARY = 6_000;
    private static final String[] FUNCTION_WORDS = ("the a an and or but of to in on at for with from by as is are"
            + " was were be been it this that these those we you they i he she so if then than when which what how"
            + " not no do does did can could will would just really like").split(" ");
    private static final String[] SYLLABLES = ("ka ro mi tel san vor pe lu dex qua bri zon fal ten gor hip sul nam"
            + " tro lex vin pa dor cus mel rak ti fen yol bar quo nix sel har").split(" ");

    /** One talk: its search document fields and its cues. */
    public record SyntheticTalk(long id, String slug, String title, String description, String speaker,
                                List<Cue> cues) {
    }

    private final Random random;
    private final String[] words = new String[VOCABULARY];
    private final double[] cumulative = new double[VOCABULARY];

    public TranscriptLoad(long seed) {
        random = new Random(seed);
        for (int i = 0; i < VOCABULARY; i++) {
            StringBuilder w = new StringBuilder();
            int n = i;
            do {
                w.append(SYLLABLES[n % SYLLABLES.length]);
                n /= SYLLABLES.length;
            } while (n > 0);
            words[i] = w.toString();
        }
        double sum = 0;
        for (int i = 0; i < VOCABULARY; i++) {
            sum += 1.0 / (i + 1);
            cumulative[i] = sum;
        }
        for (int i = 0; i < VOCABULARY; i++) {
            cumulative[i] /= sum;
        }
    }

    /** A vocabulary word, common ones more often (Zipf, exponent 1). */
    public String word() {
        double r = random.nextDouble();
        int lo = 0;
        int hi = VOCABULARY - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] < r) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return words[lo];
    }

    private String sentence(int min, int max) {
        int n = min + random.nextInt(max - min + 1);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                s.append(' ');
            }
            s.append(random.nextInt(10) < 4 ? FUNCTION_WORDS[random.nextInt(FUNCTION_WORDS.length)] : word());
        }
        return s.toString();
    }

    public List<SyntheticTalk> talks(int count, int cuesPerTalk) {
        List<SyntheticTalk> talks = new ArrayList<>(count);
        for (int t = 1; t <= count; t++) {
            List<Cue> cues = new ArrayList<>(cuesPerTalk);
            for (int c = 0; c < cuesPerTalk; c++) {
                cues.add(new Cue(c * 3000, c * 3000 + 2900, sentence(8, 14)));
            }
            String speaker = capital(word()) + " " + capital(word());
            talks.add(new SyntheticTalk(t, "talk-" + t, capital(sentence(3, 7)), sentence(30, 80), speaker, cues));
        }
        return talks;
    }

    /** Query words: one to three vocabulary words (no function words), as people search for what was said. */
    public String query() {
        int n = 1 + random.nextInt(3);
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < n; i++) {
            q.append(i > 0 ? " " : "").append(word());
        }
        return q.toString();
    }

    private static String capital(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** The talk's search document, with its cues (nested design) or without them (a separate cue index). */
    public static TalkDocument document(SyntheticTalk talk, boolean withCues) {
        String speakerSlug = talk.speaker().toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
        TalkDocument base = new TalkDocument(talk.id(), talk.slug(), talk.title(), talk.description(),
                List.of(talk.speaker()), List.of(), List.of(speakerSlug),
                List.of(TalkDocument.facetValue(speakerSlug, talk.speaker())), List.of("Python"), List.of("python"),
                List.of(TalkDocument.facetValue("python", "Python")), "synthconf-2024", "SynthConf 2024",
                TalkDocument.facetValue("synthconf-2024", "SynthConf 2024"), "eng", 2024, "2024-05-02", 2700,
                "#" + talk.id(), false, TalkDocument.WITHOUT_TRANSCRIPT, null, null, null, null);
        if (!withCues) {
            return new TalkDocument(base.id(), base.slug(), base.title(), base.description(), base.speakers(),
                    base.speakerAliases(), base.speakerSlugs(), base.speakerFacet(), base.tags(), base.tagKeys(),
                    base.tagFacet(), base.eventSlug(), base.eventTitle(), base.eventFacet(), base.language(),
                    base.year(), base.recorded(), base.durationSeconds(), base.duplicateKey(), false,
                    TalkDocument.WITH_TRANSCRIPT, null, null, null, null);
        }
        return base.withCues(talk.cues().stream().map(c -> new TalkDocument.Cue(c.startSecond(), c.text())).toList());
    }

    /** Writes the talks as a pyvideo corpus: one event, each talk's record and its WebVTT file beside it. */
    public static void writeCorpus(Path root, List<SyntheticTalk> talks) throws IOException {
        Path videos = Files.createDirectories(root.resolve("synthconf-2024").resolve("videos"));
        Files.writeString(root.resolve("synthconf-2024").resolve("category.json"),
                "{\"title\": \"SynthConf 2024\", \"start_date\": \"2024-05-01\"}");
        for (SyntheticTalk talk : talks) {
            Files.writeString(videos.resolve(talk.slug() + ".json"), """
                    {"title": "%s", "description": "%s", "recorded": "2024-05-02", "speakers": ["%s"],
                     "language": "eng", "duration": 2700,
                     "videos": [{"type": "youtube", "url": "https://www.youtube.com/watch?v=%011d"}]}
                    """.formatted(talk.title(), talk.description(), talk.speaker(), talk.id()));
            StringBuilder vtt = new StringBuilder("WEBVTT\n");
            for (Cue cue : talk.cues()) {
                vtt.append('\n').append(time(cue.startMs())).append(" --> ").append(time(cue.endMs())).append('\n')
                        .append(cue.text()).append('\n');
            }
            Files.writeString(videos.resolve(talk.slug() + ".vtt"), vtt);
        }
    }

    private static String time(int ms) {
        return String.format("%02d:%02d:%02d.%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: TranscriptLoad DIR [talks] [cues per talk]");
            System.exit(64);
        }
        int talks = args.length > 1 ? Integer.parseInt(args[1]) : TALKS;
        int cues = args.length > 2 ? Integer.parseInt(args[2]) : CUES_PER_TALK;
        try {
            writeCorpus(Path.of(args[0]), new TranscriptLoad(20261123L).talks(talks, cues));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("wrote " + talks + " talks with " + cues + " cues each to " + args[0]);
    }
}
