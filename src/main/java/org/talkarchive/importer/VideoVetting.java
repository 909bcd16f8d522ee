package org.talkarchive.importer;

import java.util.ArrayList;
import java.util.List;
import org.talkarchive.importer.CorpusRecords.Event;
import org.talkarchive.importer.CorpusRecords.Rejection;
import org.talkarchive.importer.CorpusRecords.Talk;
import org.talkarchive.importer.CorpusRecords.Video;
import org.talkarchive.talks.Talks;
import org.talkarchive.talks.VideoEmbeds;

/**
 * The corpus takes pull requests from anyone, so its video URLs are checked before they are stored: one that is
 * not http(s) is dropped (a page could not even link it safely); one the pages will not embed (a host not on the
 * allowlist, a file over plain http) is kept as a link and reported.
 */
final class VideoVetting {

    private VideoVetting() {
    }

    /** The event without the videos that cannot be stored; {@code downgraded} gets every video dropped or linked. */
    static Event vet(Event event, VideoEmbeds embeds, List<Rejection> downgraded) {
        List<Talk> talks = new ArrayList<>();
        for (Talk talk : event.talks()) {
            talks.add(vet(talk, embeds, downgraded));
        }
        return new Event(event.slug(), event.title(), event.description(), event.startDate(),
                event.endDate(), event.url(), talks, event.rejectedTalkSlugs());
    }

    private static Talk vet(Talk talk, VideoEmbeds embeds, List<Rejection> downgraded) {
        List<Video> kept = new ArrayList<>();
        for (Video video : talk.videos()) {
            if (!VideoEmbeds.isWebUrl(video.url())) {
                downgraded.add(new Rejection(talk.file(), "video " + video.url() + " dropped: not an http(s) URL"));
                continue;
            }
            kept.add(video);
            embeds.whyNotEmbedded(new Talks.Video(video.type(), video.url())).ifPresent(reason ->
                    downgraded.add(new Rejection(talk.file(), "video " + video.url()
                            + " is linked, not embedded: " + reason)));
        }
        return kept.size() == talk.videos().size() ? talk : new Talk(talk.file(), talk.slug(), talk.sourceId(),
                talk.title(), talk.description(), talk.summary(), talk.recorded(), talk.durationSeconds(),
                talk.language(), talk.thumbnailUrl(), talk.copyright(), talk.qualityNotes(), talk.speakers(),
                talk.tags(), List.copyOf(kept), talk.relatedLinks(), talk.captions());
    }
}
