package org.talkarchive.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.talkarchive.search.QueryUnderstanding.EventName;
import org.talkarchive.search.QueryUnderstanding.Lexicon;
import org.talkarchive.search.QueryUnderstanding.SpeakerName;

class QueryUnderstandingTest {

    private final AtomicInteger reads = new AtomicInteger();
    private final QueryUnderstanding understanding = new QueryUnderstanding(() -> {
        reads.incrementAndGet();
        return new Lexicon(List.of(
                event("pydata-berlin-2018", "PyData Berlin", 2018),
                event("pydata-london-2018", "PyData London", 2018),
                event("djangocon-us-2019", "DjangoCon US", 2019),
                event("djangocon-europe-2019", "DjangoCon Europe", 2019),
                event("europython-2017", "EuroPython", 2017)),
                List.of(speaker("guido-van-rossum", "Guido van Rossum"), speaker("jake-vanderplas", "Jake VanderPlas"),
                        speaker("guido", "Guido")));
    }, Clock.systemUTC());

    private static EventName event(String slug, String series, int year) {
        return new EventName(slug, QueryUnderstanding.words(series), year);
    }

    private static SpeakerName speaker(String slug, String name) {
        return new SpeakerName(slug, QueryUnderstanding.words(name));
    }

    private static TalkQuery query(String text) {
        return TalkQuery.parse(Map.of("q", List.of(text)), Set.of());
    }

    @Test
    void anEventNamedBySeriesAndYearBecomesItsFilter() {
        var understood = understanding.understand(query("PyData Berlin 2018 visualization")).orElseThrow();
        assertThat(understood.query().text()).isEqualTo("visualization");
        assertThat(understood.query().selected(FacetField.EVENT)).containsExactly("pydata-berlin-2018");
        assertThat(understood.taken()).containsExactly("PyData", "Berlin", "2018");
        assertThat(understood.original().text()).isEqualTo("PyData Berlin 2018 visualization");
    }

    @Test
    void eventsTheWordsDoNotTellApartAreAllSelected() {
        var understood = understanding.understand(query("djangocon 2019 testing")).orElseThrow();
        assertThat(understood.query().selected(FacetField.EVENT))
                .containsExactlyInAnyOrder("djangocon-us-2019", "djangocon-europe-2019");
        assertThat(understood.query().text()).isEqualTo("testing");
    }

    @Test
    void anEventAloneLeavesNoWords() {
        var understood = understanding.understand(query("europython 2017")).orElseThrow();
        assertThat(understood.query().hasText()).isFalse();
        assertThat(understood.query().selected(FacetField.EVENT)).containsExactly("europython-2017");
    }

    @Test
    void aSpeakersWholeNameBecomesTheirFilterAccentsAndCaseAside() {
        var understood = understanding.understand(query("guido van Rossum typing")).orElseThrow();
        assertThat(understood.query().selected(FacetField.SPEAKER)).containsExactly("guido-van-rossum");
        assertThat(understood.query().text()).isEqualTo("typing");
        assertThat(understanding.understand(query("jake vanderplas"))).get()
                .satisfies(u -> assertThat(u.query().selected(FacetField.SPEAKER)).containsExactly("jake-vanderplas"));
    }

    @Test
    void wordsThatNameNothingAreLeftAsTheyAre() {
        assertThat(understanding.understand(query("python 2018 typing"))).isEmpty();
        assertThat(understanding.understand(query("guido typing"))).as("one-word names are not read").isEmpty();
        assertThat(understanding.understand(query("pydata berlin visualization"))).as("no year, no event").isEmpty();
        assertThat(understanding.understand(query("\"pydata berlin 2018\""))).as("quoted: as typed").isEmpty();
    }

    @Test
    void aSearchWithFiltersAlreadyChosenIsNotReadAgain() {
        TalkQuery filtered = TalkQuery.parse(Map.of("q", List.of("pydata berlin 2018"), "year", List.of("2018")),
                Set.of());
        assertThat(understanding.understand(filtered)).isEmpty();
    }

    @Test
    void theNamesAreReadOnceAndKept() {
        understanding.understand(query("europython 2017"));
        understanding.understand(query("djangocon 2019"));
        assertThat(reads).hasValue(1);
    }

    @Test
    void anEnglishQuestionIsToldFromATopic() {
        assertThat(List.of("how can I profile memory in a long running service", "why is my asyncio code slow",
                "Is Python fast enough?", "What's new in Python 3.12", "should I use type hints"))
                .allMatch(QueryUnderstanding::isQuestion);
        assertThat(List.of("python memory profiling", "asyncio", "how", "How to", "guido van rossum typing",
                "europython 2017 type hints", "Whatever happened to the semantic web", "the walrus operator",
                "django or flask?", "¿cómo funciona el recolector de basura?", "was ist neu in python 3.12",
                "pourquoi mon code python est lent"))
                .noneMatch(QueryUnderstanding::isQuestion);
    }
}
