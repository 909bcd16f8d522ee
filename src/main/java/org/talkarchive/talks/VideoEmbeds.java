package org.talkarchive.talks;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.talkarchive.talks.Talks.Video;

/**
 * Turns a talk's video URLs into something a page can embed: a player iframe (YouTube, Vimeo, archive.org,
 * PeerTube) or an HTML5 video for plain files. Only https URLs of known shapes become iframes.
 */
public final class VideoEmbeds {

    public enum Kind { IFRAME, VIDEO }

    public record Embed(Kind kind, String src, String mimeType) {
    }

    private static final Pattern YOUTUBE_WATCH = Pattern.compile("^https?://(?:www\\.|m\\.)?youtube\\.com/watch\\?(?:.*&)?v=([\\w-]{6,20}).*");
    private static final Pattern YOUTUBE_SHORT = Pattern.compile("^https?://youtu\\.be/([\\w-]{6,20}).*");
    private static final Pattern YOUTUBE_EMBED = Pattern.compile("^https?://(?:www\\.)?youtube(?:-nocookie)?\\.com/(?:embed|v|live)/([\\w-]{6,20}).*");
    private static final Pattern VIMEO = Pattern.compile("^https?://(?:www\\.|player\\.)?vimeo\\.com/(?:video/)?(\\d{3,12}).*");
    private static final Pattern ARCHIVE = Pattern.compile("^https?://(?:www\\.)?archive\\.org/(?:details|embed)/([\\w.-]+).*");
    private static final Pattern PEERTUBE = Pattern.compile("^https?://([\\w.-]+)/(?:videos/watch|w|videos/embed)/([\\w-]{6,40}).*");
    private static final List<String> FILE_TYPES = List.of("mp4", "webm", "ogv", "ogg");

    private VideoEmbeds() {
    }

    /** The first video of a talk that can be played on the page. */
    public static Optional<Embed> first(List<Video> videos) {
        return videos.stream().map(VideoEmbeds::embed).flatMap(Optional::stream).findFirst();
    }

    public static Optional<Embed> embed(Video video) {
        String url = video.url().trim();
        String type = video.type() == null ? "" : video.type().toLowerCase(Locale.ROOT);
        Matcher m;
        if ((m = YOUTUBE_WATCH.matcher(url)).matches() || (m = YOUTUBE_SHORT.matcher(url)).matches()
                || (m = YOUTUBE_EMBED.matcher(url)).matches()) {
            return iframe("https://www.youtube-nocookie.com/embed/" + m.group(1));
        }
        if ((m = VIMEO.matcher(url)).matches()) {
            return iframe("https://player.vimeo.com/video/" + m.group(1));
        }
        if ((m = ARCHIVE.matcher(url)).matches()) {
            return iframe("https://archive.org/embed/" + m.group(1));
        }
        if (type.equals("peertube") && (m = PEERTUBE.matcher(url)).matches()) {
            return iframe("https://" + m.group(1) + "/videos/embed/" + m.group(2));
        }
        String extension = extension(url);
        if (url.startsWith("https://") || url.startsWith("http://")) {
            if (FILE_TYPES.contains(type) || FILE_TYPES.contains(extension)) {
                String format = FILE_TYPES.contains(type) ? type : extension;
                return Optional.of(new Embed(Kind.VIDEO, url, "video/" + (format.equals("ogv") ? "ogg" : format)));
            }
        }
        return Optional.empty();
    }

    private static Optional<Embed> iframe(String src) {
        return Optional.of(new Embed(Kind.IFRAME, src, null));
    }

    private static String extension(String url) {
        try {
            String path = URI.create(url.replace(" ", "%20")).getPath();
            int dot = path == null ? -1 : path.lastIndexOf('.');
            return dot < 0 ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
