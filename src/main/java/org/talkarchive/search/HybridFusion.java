package org.talkarchive.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One ranked list from two: the talks the words found (in the words' order, each marked whether it matched every
 * word) and the talks nearest in meaning. Pure, so every rule is unit-tested; which rule the site uses was chosen on
 * the judged queries (docs/search.md).
 */
public final class HybridFusion {

    /** Reciprocal rank fusion's constant: how little the first ranks weigh more than the next. */
    static final int RRF_K = 60;

    /** A hit of the words: its talk, and whether it matched every word (a clause named {@code all_words}). */
    public record WordHit(long talkId, boolean allWords) {
    }

    /** How a fused result was found: by its words, by meaning alone (no word matched), or both. */
    public enum Found { WORDS, MEANING, BOTH }

    public record Fused(long talkId, Found found) {
    }

    /** The ways of fusing that were measured. */
    public enum Rule {
        /** The words' order alone (meaning unused). */
        WORDS_ONLY,
        /** Nearest in meaning alone. */
        MEANING_ONLY,
        /** The words' hits, then the talks nearest in meaning that the words did not find. */
        APPEND,
        /** Reciprocal rank fusion of both lists. */
        RRF,
        /**
         * Hits that matched every word keep the words' order on top; below them, the other hits of the words (most
         * words, typos) and the talks nearest in meaning are fused by reciprocal rank. Meaning fills and re-ranks
         * where the words are weak, and cannot push aside a talk that has every word.
         */
        ALL_WORDS_FIRST
    }

    private HybridFusion() {
    }

    public static List<Fused> fuse(Rule rule, List<WordHit> words, List<Long> meaning) {
        return fuse(rule, words, meaning, 1);
    }

    /**
     * @param meaningWeight how much a rank among the nearest talks counts against the same rank among the words'
     *                      hits, where ranks are fused (1: alike)
     */
    public static List<Fused> fuse(Rule rule, List<WordHit> words, List<Long> meaning, double meaningWeight) {
        Set<Long> byWords = new HashSet<>();
        words.forEach(w -> byWords.add(w.talkId()));
        Set<Long> byMeaning = new HashSet<>(meaning);
        List<Long> order = switch (rule) {
            case WORDS_ONLY -> words.stream().map(WordHit::talkId).toList();
            case MEANING_ONLY -> meaning;
            case APPEND -> {
                List<Long> ids = new ArrayList<>(words.stream().map(WordHit::talkId).toList());
                meaning.stream().filter(id -> !byWords.contains(id)).forEach(ids::add);
                yield ids;
            }
            case RRF -> rrf(words.stream().map(WordHit::talkId).toList(), meaning, meaningWeight);
            case ALL_WORDS_FIRST -> {
                List<Long> ids = new ArrayList<>(words.stream().filter(WordHit::allWords).map(WordHit::talkId)
                        .toList());
                Set<Long> top = new HashSet<>(ids);
                ids.addAll(rrf(words.stream().filter(w -> !w.allWords()).map(WordHit::talkId).toList(),
                        meaning.stream().filter(id -> !top.contains(id)).toList(), meaningWeight));
                yield ids;
            }
        };
        List<Fused> fused = new ArrayList<>(order.size());
        for (long id : order) {
            boolean w = byWords.contains(id);
            boolean m = byMeaning.contains(id);
            fused.add(new Fused(id, w && m ? Found.BOTH : w ? Found.WORDS : Found.MEANING));
        }
        return fused;
    }

    /**
     * Each talk scored 1/(k + rank) in each list it is in (times the second list's weight there), summed; ties keep
     * the first list's order.
     */
    static List<Long> rrf(List<Long> first, List<Long> second, double secondWeight) {
        Map<Long, Double> score = new LinkedHashMap<>();
        Map<Long, Integer> seen = new HashMap<>();
        int at = 0;
        for (List<Long> list : List.of(first, second)) {
            double weight = list == first ? 1 : secondWeight;
            for (int rank = 0; rank < list.size(); rank++) {
                long id = list.get(rank);
                score.merge(id, weight / (RRF_K + rank + 1), Double::sum);
                seen.putIfAbsent(id, at++);
            }
        }
        List<Long> ids = new ArrayList<>(score.keySet());
        ids.sort(Comparator.<Long, Double>comparing(score::get).reversed().thenComparing(seen::get));
        return ids;
    }
}
