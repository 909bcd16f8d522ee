package org.talkarchive.relevance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScoresTest {

    @Test
    void firstRelevantAtRankTwoOfOne() {
        Scores s = Scores.of(List.of(9L, 1L, 8L), Set.of(1L));
        assertThat(s.success()).isEqualTo(1);
        assertThat(s.mrr()).isEqualTo(0.5);
        assertThat(s.ndcg()).isCloseTo(1 / (Math.log(3) / Math.log(2)), within(1e-9));
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
        assertThat(s).isEqualTo(new Scores(1, 0, 0, 0));
        assertThat(Scores.mean(List.of(s, Scores.of(List.of(3L), Set.of(3L)))))
                .isEqualTo(new Scores(2, 0.5, 0.5, 0.5));
    }
}
