package org.talkarchive.talks;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which YouTube or Vimeo video a URL (or a bare id) names. Players embed by it, and a viewer who pastes a video's
 * link or id into the search box finds the talk by it.
 */
public final class VideoIds {

    public enum Host { YOUTUBE, VIMEO }

    public record VideoId(Host host, String id) {
    }

    private static final Pattern YOUTUBE_WATCH = Pattern.compile("^https?://(?:www\\.|m\\.)?youtube\\.com/watch\\?(?:.*&)?v=([\\w-]{6,20}).*");
    private static final Pattern YOUTUBE_SHORT = Pattern.compile("^https?://youtu\\.be/([\\w-]{6,20}).*");
    private static final Pattern YOUTUBE_EMBED = Pattern.compile("^https?://(?:www\\.)?youtube(?:-nocookie)?\\.com/(?:embed|v|live)/([\\w-]{6,20}).*");
    private static final Pattern VIMEO = Pattern.compile("^https?://(?:www\\.|player\\.)?vimeo\\.com/(?:video/)?(\\d{3,12}).*");
    // A bare id as people paste it: YouTube's are 11 characters, Vimeo's are numbers. Plenty of words have 11
    // letters too, so a bare id only ever counts when a stored video has it (see TalkRepository#talkIdsWithVideo).
    private static final Pattern BARE_YOUTUBE = Pattern.compile("[\\w-]{11}");
    private static final Pattern BARE_VIMEO = Pattern.compile("\\d{6,12}");

    private VideoIds() {
    }

    /** The video a URL of YouTube or Vimeo names. */
    public static Optional<VideoId> ofUrl(String url) {
        if (url == null) {
            return Optional.empty();
        }
        String trimmed = url.trim();
        Matcher m;
        if ((m = YOUTUBE_WATCH.matcher(trimmed)).matches() || (m = YOUTUBE_SHORT.matcher(trimmed)).matches()
                || (m = YOUTUBE_EMBED.matcher(trimmed)).matches()) {
            return Optional.of(new VideoId(Host.YOUTUBE, m.group(1)));
        }
        if ((m = VIMEO.matcher(trimmed)).matches()) {
            return Optional.of(new VideoId(Host.VIMEO, m.group(1)));
        }
        return Optional.empty();
    }

    /** What a search box's text may name: a video URL, or a bare id (to be confirmed against stored videos). */
    public static Optional<VideoId> ofSearchText(String text) {
        String trimmed = text == null ? "" : text.trim();
        Optional<VideoId> fromUrl = ofUrl(trimmed.startsWith("http") ? trimmed : "https://" + trimmed);
        if (fromUrl.isPresent()) {
            return fromUrl;
        }
        if (BARE_VIMEO.matcher(trimmed).matches()) {
            return Optional.of(new VideoId(Host.VIMEO, trimmed));
        }
        // an id of lower-case letters alone is as rare as the English words of 11 letters are common
        if (BARE_YOUTUBE.matcher(trimmed).matches() && !trimmed.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
            return Optional.of(new VideoId(Host.YOUTUBE, trimmed));
        }
        return Optional.empty();
    }
}
