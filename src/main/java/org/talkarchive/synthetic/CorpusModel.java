package org.talkarchive.synthetic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.talkarchive.importer.CorpusRecords.Event;
import org.talkarchive.importer.CorpusRecords.Talk;

/**
 * What a synthetic corpus imitates of a real one: frequency tables, learned once from the real pyvideo corpus
 * ({@link #learn}) and committed as {@code synthetic/pyvideo-model.json}, so generating needs no corpus and the
 * synthetic talks come from this project's seeded generator alone. Only counts and the most frequent words, tags
 * and name parts are kept (the file stays small); no talk's text is copied whole.
 *
 * @param source             what the model was learned from
 * @param talks              talks in the source
 * @param events             events in the source
 * @param speakers           distinct speakers in the source
 * @param speakerZipfExponent exponent of a Zipf law fitted to the speakers' talk counts by rank (log-log least squares)
 * @param titleLength        words per title → talks
 * @param titleWords         the most frequent title words → occurrences
 * @param descriptionMissing talks without a description
 * @param descriptionLength  words per description, in buckets of {@link #DESCRIPTION_BUCKET} (bucket start) → talks
 * @param descriptionWords   the most frequent description words → occurrences
 * @param speakersPerTalk    speakers per talk → talks
 * @param firstNames         first words of speakers' names → speakers
 * @param lastNames          last words of speakers' names → speakers
 * @param tagsPerTalk        tags per talk → talks
 * @param tags               tags → talks
 * @param eventsPerYear      year of the event's start (or its talks' first recording) → events
 * @param eventsWithoutYear  events with no date at all
 * @param talksPerEvent      talks in an event → events
 * @param series             event titles without their year → events
 * @param languages          ISO 639-3 code, or "" for none → talks
 * @param durationMinutes    duration in whole minutes (capped at {@link #MAX_MINUTES}) → talks
 * @param durationMissing    talks without a duration
 * @param recordedMissing    talks without a recording date
 */
public record CorpusModel(
        String source, int talks, int events, int speakers, double speakerZipfExponent,
        SortedMap<Integer, Long> titleLength, Map<String, Long> titleWords,
        long descriptionMissing, SortedMap<Integer, Long> descriptionLength, Map<String, Long> descriptionWords,
        SortedMap<Integer, Long> speakersPerTalk, Map<String, Long> firstNames, Map<String, Long> lastNames,
        SortedMap<Integer, Long> tagsPerTalk, Map<String, Long> tags,
        SortedMap<Integer, Long> eventsPerYear, long eventsWithoutYear, SortedMap<Integer, Long> talksPerEvent,
        Map<String, Long> series, SortedMap<String, Long> languages,
        SortedMap<Integer, Long> durationMinutes, long durationMissing, long recordedMissing) {

    public static final String RESOURCE = "/synthetic/pyvideo-model.json";
    static final int DESCRIPTION_BUCKET = 10;
    static final int MAX_DESCRIPTION_WORDS = 600;
    static final int MAX_MINUTES = 240;
    private static final int TITLE_WORDS = 4000;
    private static final int DESCRIPTION_WORDS = 6000;
    private static final int NAME_PARTS = 1500;
    private static final int TAGS = 1500;
    private static final int SERIES = 300;

    // Words as a reader sees them: letters and digits with inner apostrophes, dots, plus signs or hyphens
    // ("Django's", "asyncio", "C++", "e-mail"). Punctuation around them is dropped.
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['’.+#-][\\p{L}\\p{N}+#]+)*\\+*");
    private static final Pattern YEAR = Pattern.compile("\\b(19|20)\\d{2}\\b");

    /** The speakers-per-talk mean the model describes (the source corpus's). */
    public double meanSpeakersPerTalk() {
        return mean(speakersPerTalk);
    }

    static double mean(Map<Integer, Long> histogram) {
        long n = 0;
        double sum = 0;
        for (Map.Entry<Integer, Long> e : histogram.entrySet()) {
            n += e.getValue();
            sum += (double) e.getKey() * e.getValue();
        }
        return n == 0 ? 0 : sum / n;
    }

    /** Learns the tables from a corpus as the importer reads it. */
    public static CorpusModel learn(String source, List<Event> corpus) {
        Map<Integer, Long> titleLength = new TreeMap<>();
        Map<String, Long> titleWords = new HashMap<>();
        Map<Integer, Long> descriptionLength = new TreeMap<>();
        Map<String, Long> descriptionWords = new HashMap<>();
        Map<Integer, Long> speakersPerTalk = new TreeMap<>();
        Map<String, Long> talksBySpeaker = new HashMap<>();
        Map<Integer, Long> tagsPerTalk = new TreeMap<>();
        Map<String, Long> tags = new HashMap<>();
        Map<Integer, Long> eventsPerYear = new TreeMap<>();
        Map<Integer, Long> talksPerEvent = new TreeMap<>();
        Map<String, Long> series = new HashMap<>();
        Map<String, Long> languages = new TreeMap<>();
        Map<Integer, Long> durationMinutes = new TreeMap<>();
        long descriptionMissing = 0;
        long durationMissing = 0;
        long recordedMissing = 0;
        long eventsWithoutYear = 0;
        int talks = 0;
        for (Event event : corpus) {
            increment(talksPerEvent, event.talks().size());
            String seriesName = YEAR.matcher(event.title()).replaceAll("").replaceAll("\\s+", " ").trim();
            increment(series, seriesName.isEmpty() ? event.title() : seriesName);
            Integer year = event.startDate() != null ? Integer.valueOf(event.startDate().getYear())
                    : event.talks().stream().filter(t -> t.recorded() != null).map(t -> t.recorded().getYear())
                    .min(Integer::compare).orElse(null);
            if (year == null) {
                eventsWithoutYear++;
            } else {
                increment(eventsPerYear, year);
            }
            for (Talk talk : event.talks()) {
                talks++;
                List<String> words = words(talk.title());
                increment(titleLength, words.size());
                words.forEach(w -> increment(titleWords, w));
                if (talk.description() == null) {
                    descriptionMissing++;
                } else {
                    List<String> text = words(talk.description());
                    int bucket = Math.min(text.size(), MAX_DESCRIPTION_WORDS) / DESCRIPTION_BUCKET * DESCRIPTION_BUCKET;
                    increment(descriptionLength, bucket);
                    text.forEach(w -> increment(descriptionWords, w));
                }
                increment(speakersPerTalk, talk.speakers().size());
                talk.speakers().forEach(s -> increment(talksBySpeaker, s));
                increment(tagsPerTalk, talk.tags().size());
                talk.tags().forEach(t -> increment(tags, t));
                increment(languages, talk.language() == null ? "" : talk.language());
                if (talk.durationSeconds() == null) {
                    durationMissing++;
                } else {
                    increment(durationMinutes, Math.min(talk.durationSeconds() / 60, MAX_MINUTES));
                }
                if (talk.recorded() == null) {
                    recordedMissing++;
                }
            }
        }
        Map<String, Long> firstNames = new HashMap<>();
        Map<String, Long> lastNames = new HashMap<>();
        for (String speaker : talksBySpeaker.keySet()) {
            String[] parts = speaker.trim().split("\\s+");
            if (parts.length >= 2) {
                increment(firstNames, parts[0]);
                increment(lastNames, parts[parts.length - 1]);
            }
        }
        return new CorpusModel(source, talks, corpus.size(), talksBySpeaker.size(),
                zipfExponent(talksBySpeaker.values()),
                new TreeMap<>(titleLength), top(titleWords, TITLE_WORDS),
                descriptionMissing, new TreeMap<>(descriptionLength), top(descriptionWords, DESCRIPTION_WORDS),
                new TreeMap<>(speakersPerTalk), top(firstNames, NAME_PARTS), top(lastNames, NAME_PARTS),
                new TreeMap<>(tagsPerTalk), top(tags, TAGS),
                new TreeMap<>(eventsPerYear), eventsWithoutYear, new TreeMap<>(talksPerEvent),
                top(series, SERIES), new TreeMap<>(languages),
                new TreeMap<>(durationMinutes), durationMissing, recordedMissing);
    }

    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        var m = WORD.matcher(text);
        while (m.find()) {
            words.add(m.group());
        }
        return words;
    }

    /**
     * The exponent s of count ∝ rank^-s, by least squares on log count against log rank. Rough (the corpus has a
     * long flat tail of one-talk speakers), but it is what the generator's Zipf sampler takes.
     */
    static double zipfExponent(java.util.Collection<Long> counts) {
        List<Long> sorted = counts.stream().sorted(Comparator.reverseOrder()).toList();
        int n = sorted.size();
        if (n < 2) {
            return 1.0;
        }
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (int i = 0; i < n; i++) {
            double x = Math.log(i + 1);
            double y = Math.log(sorted.get(i));
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        return Math.round(-slope * 1000) / 1000.0;
    }

    private static <K> void increment(Map<K, Long> counts, K key) {
        counts.merge(key, 1L, Long::sum);
    }

    /** The {@code limit} most frequent keys, most frequent first, ties by key (so the file is the same each time). */
    private static Map<String, Long> top(Map<String, Long> counts, int limit) {
        Map<String, Long> top = new java.util.LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(limit).forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }

    public static CorpusModel builtIn(ObjectMapper json) {
        try (InputStream in = CorpusModel.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + RESOURCE);
            }
            return json.readValue(in, CorpusModel.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CorpusModel read(ObjectMapper json, Path file) {
        try {
            return json.readValue(file.toFile(), CorpusModel.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the model " + file, e);
        }
    }

    public void write(ObjectMapper json, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            // One entry per line would make the file long; indented output keeps diffs of a re-learned model readable.
            Files.writeString(file, json.copy().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(this).replace("\r\n", "\n") + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String describe() {
        return String.format(Locale.ROOT, "%,d talks, %,d events, %,d speakers (Zipf s=%.3f), %.3f speakers per talk",
                talks, events, speakers, speakerZipfExponent, meanSpeakersPerTalk());
    }
}
