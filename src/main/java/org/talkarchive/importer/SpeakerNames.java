package org.talkarchive.importer;

import org.talkarchive.text.Names;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns the speaker strings of a record into people: whitespace cleaned, placeholders such as "Various speakers"
 * dropped, and "A & B" split into two people. Spelling variants of one person (case, accents, spaces) share a
 * slug and are merged later by {@link SpellingVotes}.
 */
public final class SpeakerNames {

    private static final Set<String> PLACEHOLDERS = Set.of(
            "various speakers", "various", "various contributors", "various singers", "multiple speakers",
            "several speakers", "speakers", "speaker", "panel", "panelists", "unknown", "unknown speaker",
            "anonymous", "tba", "tbd", "n/a", "na", "none", "-", "?", "various artists", "all", "everyone");
    private static final Pattern LIGHTNING = Pattern.compile("(?i).*\\blightning talks?\\b.*");
    private static final Pattern PAIR = Pattern.compile("\\s+(?:&|and)\\s+");

    private SpeakerNames() {
    }

    public static List<String> people(List<String> raw) {
        Set<String> people = new LinkedHashSet<>();
        Set<String> slugs = new LinkedHashSet<>();
        for (String value : raw) {
            String cleaned = Names.clean(value);
            if (cleaned == null || cleaned.isEmpty()) {
                continue;
            }
            List<String> parts = splitPair(cleaned);
            for (String part : parts) {
                String slug = Names.slug(part);
                if (!isPlaceholder(part) && !slug.isEmpty() && slugs.add(slug)) {
                    people.add(part);
                }
            }
        }
        return new ArrayList<>(people);
    }

    static boolean isPlaceholder(String name) {
        String key = name.toLowerCase(Locale.ROOT).replaceAll("[.!]+$", "");
        return PLACEHOLDERS.contains(key) || LIGHTNING.matcher(name).matches();
    }

    /** "Anna Spysz and Chase Douglas" is two people; a comma list is left alone ("Chu, Hua-Rong" is one). */
    private static List<String> splitPair(String name) {
        if (name.contains(",")) {
            return List.of(name);
        }
        String[] parts = PAIR.split(name);
        List<String> result = new ArrayList<>();
        for (String part : parts) {
            if (!part.isBlank()) {
                result.add(part.trim());
            }
        }
        return result.isEmpty() ? List.of(name) : result;
    }
}
