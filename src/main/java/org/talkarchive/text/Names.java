package org.talkarchive.text;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Text clean-up shared by speaker and tag normalization: whitespace, Unicode form, slugs. */
public final class Names {

    private static final Pattern WHITESPACE = Pattern.compile("[\\s\\u00A0\\u2000-\\u200B\\u3000]+");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_SLUG = Pattern.compile("[^\\p{L}\\p{N}]+");
    // Letters that do not decompose into a base letter plus a mark.
    private static final Map<String, String> LIGATURES = Map.of(
            "ł", "l", "ø", "o", "đ", "d", "ß", "ss", "æ", "ae", "œ", "oe", "ı", "i", "þ", "th");

    private Names() {
    }

    /** NFC, trimmed, inner whitespace runs folded to one space; null stays null. */
    public static String clean(String text) {
        if (text == null) {
            return null;
        }
        String nfc = Normalizer.normalize(text, Normalizer.Form.NFC);
        return WHITESPACE.matcher(nfc).replaceAll(" ").trim();
    }

    /** Lower case without accents: "Łukasz" and "lukasz" fold alike. */
    public static String fold(String text) {
        String lower = clean(text).toLowerCase(Locale.ROOT);
        for (var e : LIGATURES.entrySet()) {
            lower = lower.replace(e.getKey(), e.getValue());
        }
        return MARKS.matcher(Normalizer.normalize(lower, Normalizer.Form.NFD)).replaceAll("");
    }

    /** The key of a tag: "Django", " django " and "DJANGO" are one tag. */
    public static String tagKey(String tag) {
        String cleaned = clean(tag);
        return cleaned == null ? "" : cleaned.toLowerCase(Locale.ROOT);
    }

    /** URL-safe identity: "Łukasz  Langa" gives "lukasz-langa"; letters of other scripts are kept. */
    public static String slug(String text) {
        String slug = NOT_SLUG.matcher(fold(text)).replaceAll("-");
        slug = slug.replaceAll("^-+|-+$", "");
        return slug;
    }
}
