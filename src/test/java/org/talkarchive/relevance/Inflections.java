package org.talkarchive.relevance;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Another inflection of an English word, by a few suffix rules, kept only when the corpus itself uses the result
 * (so no rule invents a non-word such as "develope"). Rules, tried in this order, the first attested form wins:
 *
 * <ul>
 *   <li>{@code -ing} → the base (see {@link #bases}): "testing" → "test", "making" → "make", "running" → "run";</li>
 *   <li>{@code -ed} → the base: "tested" → "test", "used" → "use", "planned" → "plan", "applied" → "apply";</li>
 *   <li>{@code -ization/-isation/-ation} → the verb: "optimization" → "optimize", "automation" → "automate";</li>
 *   <li>plural → singular: "libraries" → "library", "classes" → "class", "plugins" → "plugin"
 *       (not after "ss", "us", "is": "less", "asyncio's" or "analysis" are left alone);</li>
 *   <li>anything else, singular → plural: "library" → "libraries", "class" → "classes", "test" → "tests".</li>
 * </ul>
 *
 * Words shorter than four letters, and words with digits, are never changed.
 */
final class Inflections {

    private final Predicate<String> attested;

    /** @param attested whether a (folded) word occurs in the corpus */
    Inflections(Predicate<String> attested) {
        this.attested = attested;
    }

    /** Another attested form of the word, different from it; empty when no rule gives one. */
    Optional<String> other(String word) {
        if (word.length() < 4 || !word.chars().allMatch(Character::isLetter)) {
            return Optional.empty();
        }
        return candidates(word).stream().filter(c -> !c.equals(word) && c.length() >= 3).filter(attested)
                .findFirst();
    }

    static List<String> candidates(String w) {
        List<String> out = new ArrayList<>();
        if (w.endsWith("ing") && w.length() >= 6) {
            bases(w.substring(0, w.length() - 3), out);
        } else if (w.endsWith("ed") && w.length() >= 5) {
            String stem = w.substring(0, w.length() - 2);
            if (stem.endsWith("i")) {
                out.add(stem.substring(0, stem.length() - 1) + "y");
            }
            bases(stem, out);
        } else if (w.endsWith("ization") || w.endsWith("isation")) {
            out.add(w.substring(0, w.length() - 5) + "e");
        } else if (w.endsWith("ation") && w.length() >= 7) {
            out.add(w.substring(0, w.length() - 3) + "e");
        } else if (w.endsWith("ies") && w.length() >= 5) {
            out.add(w.substring(0, w.length() - 3) + "y");
        } else if (w.endsWith("sses") || w.endsWith("shes") || w.endsWith("ches") || w.endsWith("xes")) {
            out.add(w.substring(0, w.length() - 2));
        } else if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            out.add(w.substring(0, w.length() - 1));
        } else if (w.endsWith("y") && !isVowel(w.charAt(w.length() - 2))) {
            out.add(w.substring(0, w.length() - 1) + "ies");
        } else if (w.endsWith("s") || w.endsWith("x") || w.endsWith("ch") || w.endsWith("sh")) {
            out.add(w + "es");
        } else {
            out.add(w + "s");
        }
        return out;
    }

    /**
     * The base a stem left by "-ing" or "-ed" may come from, most likely first: undoubled after a doubled consonant
     * ("runn" → "run"; not "ll", "ss", "zz": "install", "process"), with an "e" after consonant, vowel, consonant
     * ("mak" → "make", "cod" → "code"), else as it is ("test", "develop", "build").
     */
    private static void bases(String stem, List<String> out) {
        int n = stem.length();
        if (n >= 3 && stem.charAt(n - 1) == stem.charAt(n - 2) && !isVowel(stem.charAt(n - 1))
                && "lsz".indexOf(stem.charAt(n - 1)) < 0) {
            out.add(stem.substring(0, n - 1));
        }
        if (n >= 3 && !isVowel(stem.charAt(n - 3)) && isVowel(stem.charAt(n - 2)) && !isVowel(stem.charAt(n - 1))
                && "wxy".indexOf(stem.charAt(n - 1)) < 0) {
            out.add(stem + "e");
            out.add(stem);
        } else {
            out.add(stem);
            out.add(stem + "e");
        }
    }

    private static boolean isVowel(char c) {
        return "aeiou".indexOf(c) >= 0;
    }
}
