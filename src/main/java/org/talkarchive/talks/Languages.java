package org.talkarchive.talks;

import java.util.Map;

/** English names of the ISO 639-3 codes the corpus uses; an unknown code is shown as it is. */
public final class Languages {

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("eng", "English"), Map.entry("spa", "Spanish"), Map.entry("rus", "Russian"),
            Map.entry("fra", "French"), Map.entry("por", "Portuguese"), Map.entry("kor", "Korean"),
            Map.entry("jpn", "Japanese"), Map.entry("ita", "Italian"), Map.entry("deu", "German"),
            Map.entry("zho", "Chinese"), Map.entry("pol", "Polish"), Map.entry("slk", "Slovak"),
            Map.entry("lit", "Lithuanian"), Map.entry("tha", "Thai"), Map.entry("ukr", "Ukrainian"),
            Map.entry("eus", "Basque"), Map.entry("cat", "Catalan"), Map.entry("glg", "Galician"),
            Map.entry("heb", "Hebrew"), Map.entry("ces", "Czech"), Map.entry("nld", "Dutch"),
            Map.entry("tur", "Turkish"), Map.entry("ind", "Indonesian"), Map.entry("vie", "Vietnamese"),
            Map.entry("swe", "Swedish"), Map.entry("fin", "Finnish"), Map.entry("hun", "Hungarian"),
            Map.entry("ron", "Romanian"), Map.entry("ell", "Greek"), Map.entry("ara", "Arabic"),
            Map.entry("hin", "Hindi"), Map.entry("ben", "Bengali"), Map.entry("msa", "Malay"),
            Map.entry("fil", "Filipino"), Map.entry("nor", "Norwegian"), Map.entry("dan", "Danish"));

    private Languages() {
    }

    public static String name(String code) {
        return code == null ? "Unknown" : NAMES.getOrDefault(code, code);
    }
}
