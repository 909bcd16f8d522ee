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
 * slug and are merged later by {@link SpellingVotes}. Decorated spellings of a person ("Dr. Greg Wilson",
 * "Andrew Godwin (keynote)", "Amber Brown (\"HawkOwl\")") are that person too: {@link #key} is the one identity
 * the importer links talks by, and the decorated spellings stay as aliases.
 */
public final class SpeakerNames {

    private static final Set<String> PLACEHOLDERS = Set.of(
            "various speakers", "various", "various contributors", "various singers", "multiple speakers",
            "several speakers", "speakers", "speaker", "panel", "panelists", "unknown", "unknown speaker",
            "anonymous", "tba", "tbd", "n/a", "na", "none", "-", "?", "various artists", "all", "everyone");
    private static final Pattern LIGHTNING = Pattern.compile("(?i).*\\blightning talks?\\b.*");
    private static final Pattern PAIR = Pattern.compile("\\s+(?:&|and)\\s+");
    // Academic titles in front of a name: "Dr. ", "Dr ", "Prof. Dr. ", "Prof. Dr.-Ing. ".
    private static final Pattern TITLES = Pattern.compile("^(?:(?:Prof|Dr|Professor)\\.?(?:-Ing\\.?)?\\s+)+(?:Ing\\.\\s+)?");
    // A parenthesised or quoted part: a role "(keynote)", pronouns "(he/him)", a handle or nickname.
    private static final Pattern DECORATION = Pattern.compile("\\s*(?:\\([^()]*\\)|\"[^\"]*\"|“[^”]*”)\\s*");

    private SpeakerNames() {
    }

    /** The person a spelling names, without titles and parenthesised parts, when what remains is still a name. */
    public static String person(String spelling) {
        String name = Names.clean(spelling);
        String untitled = TITLES.matcher(name).replaceFirst("");
        if (isFullName(untitled)) {
            name = untitled;
        }
        String bare = Names.clean(DECORATION.matcher(name).replaceAll(" "));
        // "Stu (Michael Stewart)" and "郭學聰 (Hsueh-Tsung Kuo)" keep their parentheses: one word is not enough to
        // be sure the rest was decoration.
        return isFullName(bare) ? bare : name;
    }

    /** The identity talks are linked by: the slug of {@link #person}. */
    public static String key(String spelling) {
        return Names.slug(person(spelling));
    }

    private static boolean isFullName(String name) {
        return name.split(" ").length >= 2 && !Names.slug(name).isEmpty();
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
                String key = key(part);
                if (!isPlaceholder(part) && !key.isEmpty() && slugs.add(key)) {
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
