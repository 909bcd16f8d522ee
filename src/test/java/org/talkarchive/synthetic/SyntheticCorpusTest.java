package org.talkarchive.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.talkarchive.importer.CorpusRecords.Talk;
import org.talkarchive.importer.PyvideoCorpusReader;
import org.talkarchive.infra.Json;

/** The generator on the built-in model (learned from the real corpus): determinism, layout, distributions. */
class SyntheticCorpusTest {

    private static final ObjectMapper JSON = Json.create();
    private static CorpusModel model;
    private static PyvideoCorpusReader.Corpus sample;
    private static Path sampleDir;

    @TempDir
    static Path shared;

    @BeforeAll
    static void generateSample() {
        model = CorpusModel.builtIn(JSON);
        sampleDir = shared.resolve("sample");
        new SyntheticCorpus(model, JSON).generate(4000, 42, sampleDir, n -> { });
        sample = new PyvideoCorpusReader(JSON).read(sampleDir, n -> { });
    }

    private static List<Talk> talks() {
        return sample.events().stream().flatMap(e -> e.talks().stream()).toList();
    }

    @Test
    void theBuiltInModelIsTheRealCorpus() {
        assertThat(model.talks()).isGreaterThan(21_000);
        assertThat(model.events()).isEqualTo(540);
        assertThat(model.meanSpeakersPerTalk()).isBetween(1.0, 1.2);
    }

    @Test
    void sameSeedAndSizeGiveByteIdenticalFiles(@TempDir Path dir) throws IOException {
        SyntheticCorpus generator = new SyntheticCorpus(model, JSON);
        generator.generate(500, 7, dir.resolve("a"), n -> { });
        generator.generate(500, 7, dir.resolve("b"), n -> { });
        generator.generate(500, 8, dir.resolve("c"), n -> { });

        Map<String, byte[]> a = contents(dir.resolve("a"));
        Map<String, byte[]> b = contents(dir.resolve("b"));
        assertThat(a).hasSizeGreaterThan(500); // talks plus events
        assertThat(b.keySet()).isEqualTo(a.keySet());
        a.forEach((file, bytes) -> assertThat(b.get(file)).as(file).isEqualTo(bytes));
        assertThat(contents(dir.resolve("c")).keySet()).isNotEqualTo(a.keySet());
    }

    @Test
    void theImporterReadsEveryTalkWithoutRejections() {
        assertThat(sample.rejections()).isEmpty();
        assertThat(talks()).hasSize(4000);
        assertThat(talks()).allSatisfy(t -> {
            assertThat(t.title()).isNotBlank();
            assertThat(t.videos()).hasSize(1);
        });
        assertThat(sample.events().size()).isBetween(60, 160); // the source has 540 events for 21,715 talks
    }

    @Test
    void speakersPerTalkMatchTheRealCorpus() {
        double mean = talks().stream().mapToInt(t -> t.speakers().size()).average().orElseThrow();
        assertThat(mean).isCloseTo(model.meanSpeakersPerTalk(), within(0.05));
        double withoutSpeaker = talks().stream().filter(t -> t.speakers().isEmpty()).count() / 4000.0;
        assertThat(withoutSpeaker).isCloseTo(share(model.speakersPerTalk(), 0), within(0.03));
    }

    @Test
    void speakerAndTagFrequenciesAreZipfLike() {
        Map<String, Long> bySpeaker = new HashMap<>();
        Map<String, Long> byTag = new HashMap<>();
        talks().forEach(t -> {
            t.speakers().forEach(s -> bySpeaker.merge(s, 1L, Long::sum));
            t.tags().forEach(s -> byTag.merge(s, 1L, Long::sum));
        });
        List<Long> speakerCounts = bySpeaker.values().stream().sorted(java.util.Comparator.reverseOrder()).toList();
        // A few busy speakers, a long tail of speakers with one talk, as in the real corpus.
        assertThat(speakerCounts.get(0)).isGreaterThan(10);
        assertThat(speakerCounts.stream().filter(c -> c == 1).count()).isGreaterThan(speakerCounts.size() / 3);
        assertThat(CorpusModel.zipfExponent(bySpeaker.values())).isBetween(0.3, 1.0);
        double tagged = talks().stream().filter(t -> !t.tags().isEmpty()).count() / 4000.0;
        assertThat(tagged).isCloseTo(1 - share(model.tagsPerTalk(), 0), within(0.03));
        assertThat(CorpusModel.zipfExponent(byTag.values())).isGreaterThan(0.5);
    }

    @Test
    void languagesDurationsAndYearsFollowTheModel() {
        double english = talks().stream().filter(t -> "eng".equals(t.language())).count() / 4000.0;
        assertThat(english).isCloseTo(share(model.languages(), "eng"), within(0.03));
        double withDuration = talks().stream().filter(t -> t.durationSeconds() != null).count() / 4000.0;
        assertThat(withDuration).isCloseTo(1 - (double) model.durationMissing() / model.talks(), within(0.03));
        double medianMinutes = talks().stream().filter(t -> t.durationSeconds() != null)
                .mapToInt(t -> t.durationSeconds() / 60).sorted().skip(talks().size() / 3).findFirst().orElseThrow();
        assertThat(medianMinutes).isBetween(10.0, 60.0);
        assertThat(sample.events()).allSatisfy(e ->
                assertThat(model.eventsPerYear()).containsKey(e.startDate().getYear()));
    }

    @Test
    void learnsAModelFromACorpusAndGeneratesFromIt(@TempDir Path dir) {
        CorpusModel learned = CorpusModel.learn("sample", sample.events());
        assertThat(learned.talks()).isEqualTo(4000);
        assertThat(learned.meanSpeakersPerTalk()).isCloseTo(model.meanSpeakersPerTalk(), within(0.05));
        learned.write(JSON, dir.resolve("model.json"));
        CorpusModel reread = CorpusModel.read(JSON, dir.resolve("model.json"));
        assertThat(reread).isEqualTo(learned);

        SyntheticCorpus.Summary summary = new SyntheticCorpus(reread, JSON).generate(50, 1, dir.resolve("out"), n -> { });
        assertThat(summary.talks()).isEqualTo(50);
        assertThat(new PyvideoCorpusReader(JSON).read(dir.resolve("out"), n -> { }).rejections()).isEmpty();
    }

    @Test
    void refusesAFolderThatIsNotEmpty(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("something"), "x");
        assertThatThrownBy(() -> new SyntheticCorpus(model, JSON).generate(10, 1, dir, n -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not empty");
    }

    private static <K> double share(Map<K, Long> histogram, K key) {
        long total = histogram.values().stream().mapToLong(Long::longValue).sum();
        return (double) histogram.getOrDefault(key, 0L) / total;
    }

    private static Map<String, byte[]> contents(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }
}
