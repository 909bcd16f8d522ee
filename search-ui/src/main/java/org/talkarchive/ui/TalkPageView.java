package org.talkarchive.ui;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.talkarchive.talks.Talks.TalkDetail;
import org.talkarchive.talks.Talks.TalkSummary;
import org.talkarchive.talks.VideoEmbeds;

/**
 * What talk.jte shows: the talk, talks like it (none while the search engine is away), its JSON twin, the player
 * (its sources, the one shown, the start time), what link previews read, and its transcript (null: none).
 */
public record TalkPageView(TalkDetail talk, List<TalkSummary> related, String jsonHref, VideoEmbeds.Player player,
                           PageMeta meta, TranscriptView transcript) {

    public TalkPageView(TalkDetail talk, List<TalkSummary> related, String jsonHref, VideoEmbeds.Player player,
                        PageMeta meta) {
        this(talk, related, jsonHref, player, meta, null);
    }

    /** This page showing another source, at the same start time: the switcher works without JavaScript. */
    public String sourceHref(VideoEmbeds.Source source) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        params.put("source", List.of(Integer.toString(source.number())));
        if (player.startSeconds() > 0) {
            params.put("t", List.of(Integer.toString(player.startSeconds())));
        }
        return SearchLinks.url(talk.summary().path(), params);
    }

    /** The talk's licence, named and linked where it can be; null for none. */
    public License license() {
        return License.of(talk.copyright());
    }

    public boolean isSelected(VideoEmbeds.Source source) {
        return source.equals(player.selected());
    }
}
