package org.talkarchive.talks;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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

    /**
     * Where a video is, most reliable first: the big hosts keep videos up for years, archive.org rarely loses one,
     * a PeerTube instance may go away, and direct file links on conference sites expire most often (346 of the
     * corpus' 553 such links that were preferred over a YouTube upload no longer answered).
     */
    public enum Host {
        YOUTUBE("YouTube"), VIMEO("Vimeo"), ARCHIVE_ORG("archive.org"), PEERTUBE("PeerTube"), FILE("Video file"),
        LINK("Link");

        private final String label;

        Host(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public record Embed(Kind kind, String src, String mimeType) {
    }

    /**
     * One of a talk's videos as the player offers it: numbered from 1 in reliability order (the {@code source}
     * parameter of a talk page), with its embed, or none when it can only be linked.
     */
    public record Source(int number, Host host, String url, Embed embed) {

        public String label() {
            return host == Host.FILE && embed != null ? host.label() + " (" + embed.mimeType().substring(6) + ")"
                    : host.label();
        }

        public boolean playable() {
            return embed != null;
        }
    }

    /**
     * The player of a talk page: every source in reliability order, the one shown (null when none can be played
     * on the page), the second to start at, and the page's origin for YouTube's JavaScript API (null: without it).
     */
    public record Player(List<Source> sources, Source selected, int startSeconds, String pageOrigin) {

        /**
         * The selected source's embed, starting at {@code startSeconds}; null when nothing is played here. A YouTube
         * player is asked to report its position by messages to the page ({@code enablejsapi}, {@code origin}: the
         * page's script follows it without YouTube's own script); Vimeo's player does that without asking.
         */
        public Embed embed() {
            if (selected == null || selected.embed() == null) {
                return null;
            }
            Embed embed = startingAt(selected.host(), selected.embed(), startSeconds);
            if (selected.host() != Host.YOUTUBE || pageOrigin == null) {
                return embed;
            }
            return new Embed(embed.kind(), embed.src() + (embed.src().contains("?") ? "&" : "?") + "enablejsapi=1"
                    + "&origin=" + URLEncoder.encode(pageOrigin, StandardCharsets.UTF_8), embed.mimeType());
        }

        /** The most reliable playable source but the selected one, to offer when that one fails; or null. */
        public Source alternative() {
            return sources.stream().filter(s -> s.playable() && !s.equals(selected)).findFirst().orElse(null);
        }
    }

    /**
     * The least an embedded player needs: its own scripts and storage (players are cross-origin, so
     * allow-same-origin gives them their own origin, not ours), fullscreen, and opening their own site in a new
     * tab (YouTube's "Watch on YouTube", Vimeo's title link), unsandboxed there since it is their site, not ours.
     * No forms, no navigating this page.
     */
    public static final String SANDBOX =
            "allow-scripts allow-same-origin allow-presentation allow-popups allow-popups-to-escape-sandbox";

    /** Origins of the fixed players, for the Content-Security-Policy's frame-src. */
    public static final List<String> PLAYER_ORIGINS =
            List.of("https://www.youtube-nocookie.com", "https://player.vimeo.com", "https://archive.org");

    private static final Pattern ARCHIVE = Pattern.compile("^https?://(?:www\\.)?archive\\.org/(?:details|embed)/([\\w.-]+).*");
    private static final Pattern PEERTUBE = Pattern.compile("^(?i:https)://([A-Za-z0-9.-]+)/(?:videos/watch|w|videos/embed)/([\\w-]{6,40})(?:[?#].*)?");
    private static final List<String> FILE_TYPES = List.of("mp4", "webm", "ogv", "ogg");

    private final Set<String> peertubeHosts;
    private final String pageOrigin;

    /** Embeds for what does not show a page (the importer's vetting, downloads): no player API parameters. */
    public VideoEmbeds(Set<String> peertubeHosts) {
        this(peertubeHosts, null);
    }

    /**
     * @param peertubeHosts PeerTube instances trusted with an iframe (lower-case host names)
     * @param pageOrigin    the origin the pages are served from ({@code https://talks.example.org}), which a
     *                      YouTube player posts its messages to; null for none
     */
    public VideoEmbeds(Set<String> peertubeHosts, String pageOrigin) {
        this.peertubeHosts = Set.copyOf(peertubeHosts);
        this.pageOrigin = pageOrigin;
    }

    /** Origins that may be framed: the fixed players and the configured PeerTube instances. */
    public List<String> frameOrigins() {
        List<String> origins = new ArrayList<>(PLAYER_ORIGINS);
        peertubeHosts.stream().sorted().forEach(h -> origins.add("https://" + h));
        return origins;
    }

    /** The first video of a talk that can be played on the page, in reliability order. */
    public Optional<Embed> first(List<Video> videos) {
        return sources(videos).stream().map(Source::embed).filter(e -> e != null).findFirst();
    }

    /** A talk's videos in reliability order ({@link Host}), the data's order kept among equals, numbered from 1. */
    public List<Source> sources(List<Video> videos) {
        List<Decision> decisions = videos.stream().map(v -> decide(v)).toList();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < videos.size(); i++) {
            order.add(i);
        }
        order.sort(java.util.Comparator.comparing(i -> decisions.get(i).host())); // stable: data order among equals
        List<Source> sources = new ArrayList<>();
        for (int i : order) {
            sources.add(new Source(sources.size() + 1, decisions.get(i).host(), videos.get(i).url(),
                    decisions.get(i).embed().orElse(null)));
        }
        return sources;
    }

    /**
     * The player for a talk page.
     *
     * @param sourceNumber the source asked for (1 is the most reliable), or null for the first playable one
     * @throws IllegalArgumentException when the talk has no such source
     */
    public Player player(List<Video> videos, Integer sourceNumber, int startSeconds) {
        List<Source> sources = sources(videos);
        if (sourceNumber == null) {
            return new Player(sources, sources.stream().filter(Source::playable).findFirst().orElse(null),
                    startSeconds, pageOrigin);
        }
        if (sourceNumber < 1 || sourceNumber > sources.size()) {
            throw new IllegalArgumentException(sources.isEmpty() ? "this talk has no video"
                    : "must be from 1 to " + sources.size() + ", was " + sourceNumber);
        }
        return new Player(sources, sources.get(sourceNumber - 1), startSeconds, pageOrigin);
    }

    /**
     * An embed that starts at a second: YouTube's and archive.org's {@code start}, PeerTube's {@code start},
     * Vimeo's {@code #t=}, and a media fragment for files (which browsers apply to a video's {@code src}).
     */
    static Embed startingAt(Host host, Embed embed, int seconds) {
        if (seconds <= 0) {
            return embed;
        }
        String src = switch (host) {
            case YOUTUBE, ARCHIVE_ORG -> embed.src() + "?start=" + seconds;
            case PEERTUBE -> embed.src() + "?start=" + seconds + "s";
            case VIMEO -> embed.src() + "#t=" + seconds + "s";
            case FILE -> embed.src().replaceFirst("#.*$", "") + "#t=" + seconds;
            case LINK -> embed.src();
        };
        return new Embed(embed.kind(), src, embed.mimeType());
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

    /** Either an embed, or the reason there is none; and where the video is. */
    private record Decision(Host host, Optional<Embed> embed, String reason) {
        static Decision linkOnly(Host host, String reason) {
            return new Decision(host, Optional.empty(), reason);
        }
    }

    private Decision decide(Video video) {
        String url = video.url() == null ? "" : video.url().trim();
        String type = video.type() == null ? "" : video.type().toLowerCase(Locale.ROOT);
        if (!isWebUrl(url)) {
            return Decision.linkOnly(Host.LINK, "not an http(s) URL");
        }
        Matcher m;
        Optional<VideoIds.VideoId> player = VideoIds.ofUrl(url);
        if (player.isPresent()) {
            return switch (player.get().host()) {
                case YOUTUBE -> iframe(Host.YOUTUBE, "https://www.youtube-nocookie.com/embed/" + player.get().id());
                case VIMEO -> iframe(Host.VIMEO, "https://player.vimeo.com/video/" + player.get().id());
            };
        }
        if ((m = ARCHIVE.matcher(url)).matches()) {
            return iframe(Host.ARCHIVE_ORG, "https://archive.org/embed/" + m.group(1));
        }
        if ((m = PEERTUBE.matcher(url)).matches()) {
            String host = m.group(1).toLowerCase(Locale.ROOT);
            if (peertubeHosts.contains(host)) {
                return iframe(Host.PEERTUBE, "https://" + host + "/videos/embed/" + m.group(2));
            }
            return Decision.linkOnly(Host.PEERTUBE, "PeerTube host " + host + " is not in TALKS_PEERTUBE_HOSTS");
        }
        String extension = extension(url);
        if (FILE_TYPES.contains(type) || FILE_TYPES.contains(extension)) {
            if (!url.regionMatches(true, 0, "https://", 0, 8)) {
                return Decision.linkOnly(Host.FILE, "video file not served over https");
            }
            String format = FILE_TYPES.contains(type) ? type : extension;
            String mimeType = "video/" + (format.equals("ogv") ? "ogg" : format);
            return new Decision(Host.FILE, Optional.of(new Embed(Kind.VIDEO, url, mimeType)), null);
        }
        return Decision.linkOnly(Host.LINK, "not a known player or video file");
    }

    private static Decision iframe(Host host, String src) {
        return new Decision(host, Optional.of(new Embed(Kind.IFRAME, src, null)), null);
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
