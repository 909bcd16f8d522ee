package org.talkarchive.relevance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScoresTest {

    private static double discount(int rank) {
        return 1 / (Math.log(rank + 1) / Math.log(2));
    }

    @Test
    void firstRelevantAtRankTwoOfOne() {
        Scores s = Scores.of(List.of(9L, 1L, 8L), Set.of(1L));
        assertThat(s.success()).isEqualTo(1);
        assertThat(s.mrr()).isEqualTo(0.5);
        assertThat(s.ndcg()).isCloseTo(discount(2), within(1e-9));
        assertThat(s.ndcgRecordings()).isEqualTo(s.ndcg());
    }

    @Test
    void idealDcgCountsAtMostTenRelevantTalks() {
        List<Long> ranked = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        Set<Long> relevant = Set.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
        assertThat(Scores.of(ranked, relevant).ndcg()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void nothingRelevantInTheTopTenScoresZero() {
        Scores s = Scores.of(List.of(1L, 2L), Set.of(3L));
        assertThat(s).isEqualTo(new Scores(1, 0, 0, 0, 0));
        assertThat(Scores.mean(List.of(s, Scores.of(List.of(3L), Set.of(3L)))))
                .isEqualTo(new Scores(2, 0.5, 0.5, 0.5, 0.5));
    }

    /** Talk "a" recorded twice (1 and 2), talk "b" once (3); all relevant. */
    private static final Map<Long, String> TALKS = Map.of(1L, "a", 2L, "a", 3L, "b", 9L, "z");

    @Test
    void recordingsOfOneTalkCountOnceWhereTalksAreCounted() {
        Set<Long> relevant = Set.of(1L, 2L, 3L);
        // one result per talk, as the site shows them: every relevant talk on top
        Scores collapsed = Scores.of(List.of(1L, 3L, 9L), relevant, TALKS::get);
        assertThat(collapsed.ndcg()).isCloseTo(1.0, within(1e-9));
        assertThat(collapsed.ndcgRecordings()).as("two of three recordings, at ranks 1 and 2")
                .isCloseTo((discount(1) + discount(2)) / (discount(1) + discount(2) + discount(3)), within(1e-9));

        // every recording a result: the second recording of "a" spends a place and gains nothing talk-wise
        Scores listed = Scores.of(List.of(1L, 2L, 3L), relevant, TALKS::get);
        assertThat(listed.ndcgRecordings()).isCloseTo(1.0, within(1e-9));
        assertThat(listed.ndcg()).isCloseTo((discount(1) + discount(3)) / (discount(1) + discount(2)), within(1e-9));
        assertThat(listed.mrr()).isEqualTo(collapsed.mrr()).isEqualTo(1.0);
    }
}
