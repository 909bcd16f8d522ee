package org.talkarchive.ui;

import java.util.List;
import org.talkarchive.talks.Talks.TalkDetail;
import org.talkarchive.talks.Talks.TalkSummary;
import org.talkarchive.talks.VideoEmbeds;

/**
 * What talk.jte shows: the talk, talks like it (none while the search engine is away), its JSON twin, and the
 * player for its first embeddable video, if any (null: a link to the video instead).
 */
public record TalkPageView(TalkDetail talk, List<TalkSummary> related, String jsonHref, VideoEmbeds.Embed embed) {
}
