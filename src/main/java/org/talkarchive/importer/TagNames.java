package org.talkarchive.importer;

import org.talkarchive.text.Names;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Tags keyed case-insensitively ("Django" and "django" are one tag); the display form is chosen by votes. */
public final class TagNames {

    private TagNames() {
    }

    /** Cleaned tags of one record, first spelling kept per key, empty ones dropped. */
    public static List<String> tags(List<String> raw) {
        Map<String, String> byKey = new LinkedHashMap<>();
        for (String tag : raw) {
            String cleaned = Names.clean(tag);
            if (cleaned != null && !cleaned.isEmpty()) {
                byKey.putIfAbsent(Names.tagKey(cleaned), cleaned);
            }
        }
        return List.copyOf(byKey.values());
    }
}
