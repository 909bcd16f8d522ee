package org.talkarchive.synthetic;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.DiscreteSampler;
import org.apache.commons.rng.sampling.distribution.RejectionInversionZipfSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.talkarchive.text.Names;

/**
 * Writes a synthetic corpus in the pyvideo layout ({@code <event>/category.json}, {@code <event>/videos/<talk>.json})
 * that the importer reads unchanged, with the distributions of a {@link CorpusModel}.
 *
 * <p>Deterministic: the same model, seed and size give byte-identical files, since every random choice comes from
 * one seeded generator of commons-rng (an algorithm specified independently of the JDK) in a fixed order, and each
 * speaker's name from a generator seeded by the speaker's number alone. Streamed: one event's metadata is held at a
 * time, speakers are numbers drawn from a Zipf law (named on the fly) and no list of what was written is kept, so
 * memory does not grow with the size.
 */
public final class SyntheticCorpus {

    /** What a run wrote. */
    public record Summary(int talks, int events, long bytes) {
    }

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private final CorpusModel model;
    private final ObjectMapper json;
    private final Weighted<String> titleWords;
    private final Weighted<Integer> titleLength;
    private final Weighted<String> descriptionWords;
    private final Weighted<Integer> descriptionLength;
    private final Weighted<Integer> speakersPerTalk;
    private final Weighted<String> firstNames;
    private final Weighted<String> lastNames;
    private final Weighted<Integer> tagsPerTalk;
    private final Weighted<String> tags;
    private final Weighted<Integer> eventYears;
    private final Weighted<Integer> talksPerEvent;
    private final Weighted<String> series;
    private final Weighted<String> languages;
    private final Weighted<Integer> durations;

    public SyntheticCorpus(CorpusModel model, ObjectMapper json) {
        this.model = model;
        this.json = json;
        this.titleWords = new Weighted<>(model.titleWords());
        this.titleLength = new Weighted<>(without(model.titleLength(), 0));
        this.descriptionWords = new Weighted<>(model.descriptionWords());
        this.descriptionLength = new Weighted<>(model.descriptionLength());
        this.speakersPerTalk = new Weighted<>(model.speakersPerTalk());
        this.firstNames = new Weighted<>(model.firstNames());
        this.lastNames = new Weighted<>(model.lastNames());
        this.tagsPerTalk = new Weighted<>(model.tagsPerTalk());
        this.tags = new Weighted<>(model.tags());
        this.eventYears = new Weighted<>(model.eventsPerYear());
        this.talksPerEvent = new Weighted<>(without(model.talksPerEvent(), 0));
        this.series = new Weighted<>(model.series());
        this.languages = new Weighted<>(model.languages());
        this.durations = new Weighted<>(model.durationMinutes());
    }

    private static <K> Map<K, Long> without(Map<K, Long> histogram, K key) {
        Map<K, Long> copy = new java.util.TreeMap<>(histogram);
        copy.remove(key);
        return copy;
    }

    /**
     * Writes {@code talks} talks under {@code out} (which must be empty or absent).
     *
     * @param progress hears the number of talks written so far
     */
    public Summary generate(int talks, long seed, Path out, IntConsumer progress) {
        if (talks < 1) {
            throw new IllegalArgumentException("--talks must be at least 1, not " + talks);
        }
        try {
            Files.createDirectories(out);
            try (var existing = Files.list(out)) {
                if (existing.findAny().isPresent()) {
                    throw new IllegalArgumentException(out + " is not empty; generate into a new folder");
                }
            }
            UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
            // Speakers scale with the corpus at the source's ratio, and their talk counts follow the fitted Zipf law.
            int speakerPool = Math.max(1, (int) Math.round((double) talks * model.speakers() / model.talks()));
            DiscreteSampler speakerRanks = RejectionInversionZipfSampler.of(rng, speakerPool,
                    Math.max(0.01, model.speakerZipfExponent()));
            int written = 0;
            int events = 0;
            long bytes = 0;
            while (written < talks) {
                events++;
                int size = Math.min(talksPerEvent.sample(rng), talks - written);
                int year = eventYears.sample(rng);
                String seriesName = series.sample(rng);
                String title = seriesName + " " + year;
                // The event's number makes the slug unique: series and year repeat at scale.
                String eventSlug = Names.slug(title) + "-" + events;
                LocalDate start = LocalDate.of(year, 1, 1).plusDays(rng.nextInt(365));
                LocalDate end = start.plusDays(rng.nextInt(4));
                Path eventDir = out.resolve(eventSlug);
                Path videos = eventDir.resolve("videos");
                Files.createDirectories(videos);
                bytes += write(eventDir.resolve("category.json"), g -> {
                    g.writeStringField("title", title);
                    g.writeStringField("description", "Talks of " + title + " (synthetic).");
                    g.writeStringField("start_date", start.toString());
                    g.writeStringField("end_date", end.toString());
                    g.writeStringField("url", "https://example.org/" + eventSlug + "/");
                });
                for (int i = 0; i < size; i++) {
                    int id = written + 1;
                    bytes += writeTalk(rng, speakerRanks, seed, videos, id, i, start, end);
                    written++;
                    progress.accept(written);
                }
            }
            return new Summary(written, events, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long writeTalk(UniformRandomProvider rng, DiscreteSampler speakerRanks, long seed,
                           Path videos, int id, int index, LocalDate start, LocalDate end) throws IOException {
        String title = sentence(rng, titleWords, titleLength.sample(rng), false);
        boolean hasDescription = rng.nextLong(model.talks()) >= model.descriptionMissing();
        String description = hasDescription ? description(rng) : null;
        int speakerCount = speakersPerTalk.sample(rng);
        Set<String> speakers = new LinkedHashSet<>();
        for (int s = 0; s < speakerCount; s++) {
            speakers.add(speakerName(seed, speakerRanks.sample()));
        }
        int tagCount = tagsPerTalk.sample(rng);
        Set<String> talkTags = new LinkedHashSet<>();
        for (int t = 0; t < tagCount; t++) {
            talkTags.add(tags.sample(rng));
        }
        String language = languages.sample(rng);
        boolean hasDuration = rng.nextLong(model.talks()) >= model.durationMissing();
        // A minute from the histogram, then a second within it, so durations are not all whole minutes.
        int duration = hasDuration ? durations.sample(rng) * 60 + rng.nextInt(60) : -1;
        boolean hasRecorded = rng.nextLong(model.talks()) >= model.recordedMissing();
        LocalDate recorded = start.plusDays(rng.nextInt((int) (end.toEpochDay() - start.toEpochDay()) + 1));
        String videoId = videoId(rng);
        // Slugs as pyvideo's: the title's, cut to a readable length; the talk's number keeps them unique.
        String slug = cut(Names.slug(title), 60) + "-" + index;
        return write(videos.resolve(slug + ".json"), g -> {
            g.writeNumberField("id", id);
            g.writeStringField("title", title);
            g.writeStringField("description", description);
            g.writeStringField("recorded", hasRecorded ? recorded.toString() : null);
            g.writeArrayFieldStart("speakers");
            for (String speaker : speakers) {
                g.writeString(speaker);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("tags");
            for (String tag : talkTags) {
                g.writeString(tag);
            }
            g.writeEndArray();
            if (!language.isEmpty()) {
                g.writeStringField("language", language);
            }
            if (duration >= 0) {
                g.writeNumberField("duration", duration);
            }
            g.writeStringField("thumbnail_url", "https://i.ytimg.com/vi/" + videoId + "/hqdefault.jpg");
            g.writeArrayFieldStart("videos");
            g.writeStartObject();
            g.writeStringField("type", "youtube");
            g.writeStringField("url", "https://www.youtube.com/watch?v=" + videoId);
            g.writeEndObject();
            g.writeEndArray();
            g.writeStringField("copyright_text", "synthetic");
        });
    }

    /**
     * Speaker number {@code rank}'s name: first and last name parts drawn by their frequencies from a generator
     * seeded with the corpus seed and the number, so a speaker keeps one name wherever they appear without a table
     * of names in memory. Two numbers may draw the same name, as two people may share one.
     */
    private String speakerName(long seed, int rank) {
        UniformRandomProvider names = RandomSource.SPLIT_MIX_64.create(seed * 0x9E3779B97F4A7C15L + rank);
        return firstNames.sample(names) + " " + lastNames.sample(names);
    }

    private String description(UniformRandomProvider rng) {
        int bucket = descriptionLength.sample(rng);
        int words = Math.max(1, bucket + rng.nextInt(CorpusModel.DESCRIPTION_BUCKET));
        StringBuilder text = new StringBuilder();
        int left = words;
        int sentences = 0;
        while (left > 0) {
            int length = Math.min(left, 6 + rng.nextInt(15));
            if (text.length() > 0) {
                // A paragraph every few sentences, as reStructuredText writes them.
                text.append(++sentences % 4 == 0 ? "\n\n" : " ");
            }
            text.append(sentence(rng, descriptionWords, length, true));
            left -= length;
        }
        return text.toString();
    }

    private static String sentence(UniformRandomProvider rng, Weighted<String> words, int length, boolean stop) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            String word = words.sample(rng);
            if (i == 0) {
                word = word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
            } else {
                text.append(' ');
            }
            text.append(word);
        }
        return stop ? text.append('.').toString() : text.toString();
    }

    private static String videoId(UniformRandomProvider rng) {
        char[] id = new char[11];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET.charAt(rng.nextInt(ALPHABET.length()));
        }
        return new String(id);
    }

    private static String cut(String slug, int max) {
        String cut = slug.length() <= max ? slug : slug.substring(0, max).replaceAll("-+$", "");
        return cut.isEmpty() ? "talk" : cut;
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    /** One JSON object per file, compact, ending in a newline: the bytes depend on nothing but the values. */
    private long write(Path file, Fields fields) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
             JsonGenerator g = json.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
            g.writeRaw('\n');
        }
        return Files.size(file);
    }

    /** Draws keys by their counts: a cumulative table searched with one draw, exact and the same on every JDK. */
    static final class Weighted<K> {
        private final List<K> keys = new ArrayList<>();
        private final long[] cumulative;

        Weighted(Map<K, Long> counts) {
            cumulative = new long[counts.size()];
            long total = 0;
            int i = 0;
            for (Map.Entry<K, Long> e : counts.entrySet()) {
                total += e.getValue();
                keys.add(e.getKey());
                cumulative[i++] = total;
            }
            if (total == 0) {
                throw new IllegalArgumentException("An empty frequency table cannot be sampled");
            }
        }

        K sample(UniformRandomProvider rng) {
            long draw = rng.nextLong(cumulative[cumulative.length - 1]);
            int i = java.util.Arrays.binarySearch(cumulative, draw + 1);
            return keys.get(i >= 0 ? i : -i - 1);
        }
    }
}
