package org.talkarchive.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.talkarchive.search.HybridFusion.Found;
import org.talkarchive.search.HybridFusion.Fused;
import org.talkarchive.search.HybridFusion.Rule;
import org.talkarchive.search.HybridFusion.WordHit;

class HybridFusionTest {

    private static List<Long> ids(List<Fused> fused) {
        return fused.stream().map(Fused::talkId).toList();
    }

    private static final List<WordHit> WORDS = List.of(new WordHit(1, true), new WordHit(2, true),
            new WordHit(3, false), new WordHit(4, false));
    private static final List<Long> MEANING = List.of(5L, 3L, 6L, 1L);

    @Test
    void wordsOnlyAndMeaningOnlyKeepTheirOwnOrder() {
        assertThat(ids(HybridFusion.fuse(Rule.WORDS_ONLY, WORDS, MEANING))).containsExactly(1L, 2L, 3L, 4L);
        assertThat(ids(HybridFusion.fuse(Rule.MEANING_ONLY, WORDS, MEANING))).containsExactly(5L, 3L, 6L, 1L);
    }

    @Test
    void appendPutsTalksFoundByMeaningAloneAfterTheWords() {
        assertThat(ids(HybridFusion.fuse(Rule.APPEND, WORDS, MEANING))).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void reciprocalRankFusionRanksTalksInBothListsFirst() {
        // 1: 1/61 + 1/64; 3: 1/63 + 1/62; 1 beats 3 by a hair, both beat single-list talks
        assertThat(ids(HybridFusion.fuse(Rule.RRF, WORDS, MEANING))).containsExactly(1L, 3L, 5L, 2L, 6L, 4L);
    }

    @Test
    void hitsWithEveryWordStayOnTopAndMeaningReRanksTheRest() {
        List<Fused> fused = HybridFusion.fuse(Rule.ALL_WORDS_FIRST, WORDS, MEANING);
        assertThat(ids(fused)).containsExactly(1L, 2L, 3L, 5L, 4L, 6L);
        assertThat(fused).extracting(Fused::found)
                .containsExactly(Found.BOTH, Found.WORDS, Found.BOTH, Found.MEANING, Found.WORDS, Found.MEANING);
    }

    @Test
    void withoutAnyWordHitMeaningAloneAnswers() {
        List<Fused> fused = HybridFusion.fuse(Rule.ALL_WORDS_FIRST, List.of(), List.of(7L, 8L));
        assertThat(ids(fused)).containsExactly(7L, 8L);
        assertThat(fused).allSatisfy(f -> assertThat(f.found()).isEqualTo(Found.MEANING));
    }
}
