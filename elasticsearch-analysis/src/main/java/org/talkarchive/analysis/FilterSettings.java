package org.talkarchive.analysis;

import java.util.Set;
import java.util.TreeSet;
import org.elasticsearch.common.settings.Settings;

/** Checks a filter's settings against those the real filter of that type reads, and refuses any other. */
final class FilterSettings {

    /** Set by the node, not the definition: a component's type, and the index's settings (index.*). */
    private static final String TYPE = "type";
    private static final String INDEX_SETTINGS = "index.";

    private FilterSettings() {
    }

    /** The settings, after checking that each is one of {@code known} or set by the node. */
    static Settings of(String type, Settings settings, String... known) {
        Set<String> allowed = new TreeSet<>(Set.of(known));
        Set<String> unknown = new TreeSet<>(settings.keySet());
        unknown.remove(TYPE);
        unknown.removeIf(key -> key.startsWith(INDEX_SETTINGS));
        unknown.removeAll(allowed);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("The [" + type + "] token filter has no setting " + unknown
                    + (allowed.isEmpty() ? "; it takes none" : "; it takes " + allowed)
                    + " (embedded node's analysis module, matching Elasticsearch's analysis-common)");
        }
        return settings;
    }
}
