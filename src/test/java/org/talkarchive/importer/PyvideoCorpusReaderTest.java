package org.talkarchive.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.talkarchive.importer.CorpusRecords.Event;
import org.talkarchive.importer.CorpusRecords.Rejection;
import org.talkarchive.importer.CorpusRecords.Talk;
import org.talkarchive.importer.PyvideoCorpusReader.Corpus;
import org.talkarchive.testing.Fixtures;

class PyvideoCorpusReaderTest {

    @TempDir
    Path dir;

    private Corpus read() {
        return new PyvideoCorpusReader(new ObjectMapper()).read(Fixtures.corpusCopy(dir), n -> { });
    }

    @Test
    void readsValidEventsAndTalks() {
        Corpus corpus = read();
        assertThat(corpus.events()).extracting(Event::slug).containsExactly("fixconf-2019", "fixconf-2021");
        Event fix2019 = corpus.events().get(0);
        assertThat(fix2019.title()).isEqualTo("FixConf 2019");
        assertThat(fix2019.startDate()).isEqualTo(LocalDate.of(2019, 5, 1));
        assertThat(fix2019.talks()).extracting(Talk::slug).containsExactlyInAnyOrder(
                "async-views", "pair-programming", "testing-django-apps", "withheld-talk");
    }

    @Test
    void everyBadRecordIsRejectedWithFileAndReason() {
        Map<String, String> reasons = read().rejections().stream().collect(Collectors.toMap(
                r -> dir.relativize(r.file()).toString(), Rejection::reason));
        assertThat(reasons).containsOnlyKeys("broken-event/category.json",
                "fixconf-2019/videos/broken-json.json", "fixconf-2019/videos/missing-title.json",
                "fixconf-2019/videos/bad-language.json");
        assertThat(reasons.get("broken-event/category.json")).contains("title").contains("talks were not read");
        assertThat(reasons.get("fixconf-2019/videos/broken-json.json")).startsWith("not valid JSON");
        assertThat(reasons.get("fixconf-2019/videos/missing-title.json")).contains("title");
        assertThat(reasons.get("fixconf-2019/videos/bad-language.json")).contains("'English'").contains("ISO 639-3");
    }

    @Test
    void rejectedSlugsAreRememberedSoTheirTalksAreKept() {
        Event fix2019 = read().events().get(0);
        assertThat(fix2019.rejectedTalkSlugs()).containsExactlyInAnyOrder("broken-json", "missing-title", "bad-language");
    }

    @Test
    void cleansSpeakersTagsDatesAndLinks() {
        Map<String, Talk> talks = read().events().stream().flatMap(e -> e.talks().stream())
                .collect(Collectors.toMap(Talk::slug, Function.identity()));
        Talk testing = talks.get("testing-django-apps");
        assertThat(testing.speakers()).containsExactly("Ana García");
        assertThat(testing.tags()).containsExactly("Django", "testing");
        assertThat(testing.relatedLinks()).extracting(CorpusRecords.Link::url).containsExactly("https://slides.example/1");
        Talk async = talks.get("async-views");
        assertThat(async.recorded()).isEqualTo(LocalDate.of(2019, 5, 2));
        assertThat(async.speakers()).containsExactly("ana garcía");
        assertThat(talks.get("pair-programming").speakers()).containsExactly("Bob Smith", "Carol Jones");
        assertThat(talks.get("withheld-talk").sourceId()).isEqualTo(9001);
    }

    @Test
    void readsNoPublishAndReportsProgress() {
        AtomicInteger last = new AtomicInteger();
        Corpus corpus = new PyvideoCorpusReader(new ObjectMapper()).read(Fixtures.corpusCopy(dir), last::set);
        assertThat(corpus.noPublish()).containsExactly(9001);
        assertThat(last.get()).isEqualTo(9); // every talk file of the readable events, good or bad
    }

    @Test
    void anUnreadableNoPublishListStopsTheImport() throws Exception {
        Fixtures.corpusCopy(dir);
        Files.writeString(dir.resolve("NO_PUBLISH.json"), "[1, 2");
        assertThatThrownBy(() -> new PyvideoCorpusReader(new ObjectMapper()).read(dir, n -> { }))
                .hasMessageContaining("NO_PUBLISH.json");
    }

    @Test
    void aMissingFolderIsAClearError() {
        assertThatThrownBy(() -> new PyvideoCorpusReader(new ObjectMapper()).read(dir.resolve("nope"), n -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
    }
}
