package org.talkarchive.talks;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.talkarchive.talks.Talks.Video;

/**
 * Turns a talk's video URLs into something a page can embed. The corpus takes pull requests from anyone, so only
 * an allowlist of players becomes an iframe: YouTube (as youtube-nocookie), Vimeo, archive.org, and the PeerTube
 * instances an administrator lists. The iframe's address is rebuilt from the video id, never copied from the data.
 * Plain files play in an HTML5 video only over https. Anything else is shown as a plain link.
 */
public final class VideoEmbeds {

    public enum Kind { IFRAME, VIDEO }

    public record Embed(Kind kind, String src, String mimeType) {
    }

    /**
     * The least an embedded player needs: its own scripts and storage (players are cross-origin, so
     * allow-same-origin gives them their own origin, not ours) and fullscreen. No popups, forms, top navigation.
     */
    public static final String SANDBOX = "allow-scripts allow-same-origin allow-presentation";

    /** Origins of the fixed players, for the Content-Security-Policy's frame-src. */
    public static final List<String> PLAYER_ORIGINS =
            List.of("https://www.youtube-nocookie.com", "https://player.vimeo.com", "https://archive.org");

    private static final Pattern ARCHIVE = Pattern.compile("^https?://(?:www\\.)?archive\\.org/(?:details|embed)/([\\w.-]+).*");
    private static final Pattern PEERTUBE = Pattern.compile("^(?i:https)://([A-Za-z0-9.-]+)/(?:videos/watch|w|videos/embed)/([\\w-]{6,40})(?:[?#].*)?");
    private static final List<String> FILE_TYPES = List.of("mp4", "webm", "ogv", "ogg");

    private final Set<String> peertubeHosts;

    /** @param peertubeHosts PeerTube instances trusted with an iframe (lower-case host names) */
    public VideoEmbeds(Set<String> peertubeHosts) {
        this.peertubeHosts = Set.copyOf(peertubeHosts);
    }

    /** Origins that may be framed: the fixed players and the configured PeerTube instances. */
    public List<String> frameOrigins() {
        List<String> origins = new ArrayList<>(PLAYER_ORIGINS);
        peertubeHosts.stream().sorted().forEach(h -> origins.add("https://" + h));
        return origins;
    }

    /** The first video of a talk that can be played on the page. */
    public Optional<Embed> first(List<Video> videos) {
        return videos.stream().map(this::embed).flatMap(Optional::stream).findFirst();
    }

    public Optional<Embed> embed(Video video) {
        return decide(video).embed();
    }

    /** Why a video is not embedded (it is then only linked), or empty when it is. For the import report. */
    public Optional<String> whyNotEmbedded(Video video) {
        return Optional.ofNullable(decide(video).reason());
    }

    /** Whether a URL may appear as a link at all: absolute http or https with a host. */
    public static boolean isWebUrl(String url) {
        if (url == null) {
            return false;
        }
        try {
            URI uri = new URI(url.trim().replace(" ", "%20"));
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Either an embed, or the reason there is none. */
    private record Decision(Optional<Embed> embed, String reason) {
        static Decision linkOnly(String reason) {
            return new Decision(Optional.empty(), reason);
        }
    }

    private Decision decide(Video video) {
        String url = video.url() == null ? "" : video.url().trim();
        String type = video.type() == null ? "" : video.type().toLowerCase(Locale.ROOT);
        if (!isWebUrl(url)) {
            return Decision.linkOnly("not an http(s) URL");
        }
        Matcher m;
        Optional<VideoIds.VideoId> player = VideoIds.ofUrl(url);
        if (player.isPresent()) {
            return iframe(switch (player.get().host()) {
                case YOUTUBE -> "https://www.youtube-nocookie.com/embed/" + player.get().id();
                case VIMEO -> "https://player.vimeo.com/video/" + player.get().id();
            });
        }
        if ((m = ARCHIVE.matcher(url)).matches()) {
            return iframe("https://archive.org/embed/" + m.group(1));
        }
        if ((m = PEERTUBE.matcher(url)).matches()) {
            String host = m.group(1).toLowerCase(Locale.ROOT);
            if (peertubeHosts.contains(host)) {
                return iframe("https://" + host + "/videos/embed/" + m.group(2));
            }
            return Decision.linkOnly("PeerTube host " + host + " is not in TALKS_PEERTUBE_HOSTS");
        }
        String extension = extension(url);
        if (FILE_TYPES.contains(type) || FILE_TYPES.contains(extension)) {
            if (!url.regionMatches(true, 0, "https://", 0, 8)) {
                return Decision.linkOnly("video file not served over https");
            }
            String format = FILE_TYPES.contains(type) ? type : extension;
            String mimeType = "video/" + (format.equals("ogv") ? "ogg" : format);
            return new Decision(Optional.of(new Embed(Kind.VIDEO, url, mimeType)), null);
        }
        return Decision.linkOnly("not a known player or video file");
    }

    private static Decision iframe(String src) {
        return new Decision(Optional.of(new Embed(Kind.IFRAME, src, null)), null);
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
