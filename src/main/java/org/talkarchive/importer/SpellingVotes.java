package org.talkarchive.importer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Counts the spellings met for each key (a speaker slug, a tag key) and picks the canonical one: the most
 * frequent; on a tie, mixed case over all-lower or all-upper ("Django" over "django" and "DJANGO"), then the one
 * with more capitals ("Jake VanderPlas" over "Jake Vanderplas"). With a display rule, the votes go to the spelling
 * as displayed ("Dr. Greg Wilson" votes for "Greg Wilson") and every spelling met other than the winner is an alias.
 */
public final class SpellingVotes {

    private final Function<String, String> keyOf;
    private final Function<String, String> displayOf;
    private final Map<String, Map<String, Integer>> counts = new HashMap<>();
    private final Map<String, Set<String>> met = new HashMap<>();

    public SpellingVotes(Function<String, String> keyOf) {
        this(keyOf, Function.identity());
    }

    public SpellingVotes(Function<String, String> keyOf, Function<String, String> displayOf) {
        this.keyOf = keyOf;
        this.displayOf = displayOf;
    }

    public void add(String spelling) {
        add(spelling, 1);
    }

    /** Counts a spelling met {@code times} times (as counted in PostgreSQL by the import's survey). */
    public void add(String spelling, int times) {
        String key = keyOf.apply(spelling);
        counts.computeIfAbsent(key, k -> new HashMap<>()).merge(displayOf.apply(spelling), times, Integer::sum);
        met.computeIfAbsent(key, k -> new HashSet<>()).add(spelling);
    }

    public String canonical(String key) {
        Map<String, Integer> spellings = counts.get(key);
        if (spellings == null) {
            throw new IllegalArgumentException("No spelling counted for " + key);
        }
        return spellings.entrySet().stream()
                .max((a, b) -> {
                    int byCount = Integer.compare(a.getValue(), b.getValue());
                    if (byCount != 0) {
                        return byCount;
                    }
                    int byMixedCase = Boolean.compare(mixedCase(a.getKey()), mixedCase(b.getKey()));
                    if (byMixedCase != 0) {
                        return byMixedCase;
                    }
                    int byCapitals = Long.compare(capitals(a.getKey()), capitals(b.getKey()));
                    return byCapitals != 0 ? byCapitals : b.getKey().compareTo(a.getKey());
                })
                .orElseThrow().getKey();
    }

    /** The other spellings of a key, sorted. */
    public List<String> aliases(String key) {
        String canonical = canonical(key);
        TreeSet<String> others = new TreeSet<>(counts.get(key).keySet());
        others.addAll(met.get(key));
        others.remove(canonical);
        return new ArrayList<>(others);
    }

    public Iterable<String> keys() {
        return new TreeSet<>(counts.keySet());
    }

    private static boolean mixedCase(String s) {
        return s.chars().anyMatch(Character::isUpperCase) && s.chars().anyMatch(Character::isLowerCase);
    }

    private static long capitals(String s) {
        return s.chars().filter(Character::isUpperCase).count();
    }
}
