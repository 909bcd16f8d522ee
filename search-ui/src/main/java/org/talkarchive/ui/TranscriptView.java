package org.talkarchive.ui;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.talkarchive.transcripts.Cue;

/**
 * The transcript on a talk page: its cues (those holding the words of the "search in transcript" box when it has
 * some), how many there are in all, and links that start the player at a cue. Null on a talk without transcript.
 *
 * @param path    the talk page's path
 * @param filter  the words typed into the box ({@code tq}); empty for none
 * @param source  the source the page shows, when the URL chose one ({@code source}), kept by the links
 */
public record TranscriptView(String path, List<Cue> cues, int total, String filter, Integer source) {

    /** The page starting the player at this cue, keeping the chosen source and the filter. */
    public String cueHref(Cue cue) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (source != null) {
            params.put("source", List.of(source.toString()));
        }
        params.put("t", List.of(Integer.toString(cue.startSecond())));
        if (!filter.isEmpty()) {
            params.put("tq", List.of(filter));
        }
        return SearchLinks.url(path, params);
    }

    public boolean filtered() {
        return !filter.isEmpty();
    }

    /** The page without the filter: the whole transcript. */
    public String allHref() {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (source != null) {
            params.put("source", List.of(source.toString()));
        }
        return SearchLinks.url(path, params) + "#transcript";
    }
}
