package org.talkarchive.talks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.talkarchive.talks.Talks.Video;

class VideoEmbedsTest {

    private final VideoEmbeds embeds = new VideoEmbeds(Set.of("video.ploud.fr", "tube.example"));

    @ParameterizedTest
    @CsvSource({
            "youtube, https://www.youtube.com/watch?v=yO8WJ-eaEdY, https://www.youtube-nocookie.com/embed/yO8WJ-eaEdY",
            "youtube, https://youtu.be/yO8WJ-eaEdY, https://www.youtube-nocookie.com/embed/yO8WJ-eaEdY",
            "youtube, https://www.youtube.com/watch?feature=x&v=abcdefghijk, https://www.youtube-nocookie.com/embed/abcdefghijk",
            "vimeo, https://vimeo.com/123456789, https://player.vimeo.com/video/123456789",
            "archive.org, https://archive.org/details/pyvideo_1234___talk, https://archive.org/embed/pyvideo_1234___talk",
            "peertube, https://video.ploud.fr/w/vaJzZNJtxx6KYr3ovGUGkF, https://video.ploud.fr/videos/embed/vaJzZNJtxx6KYr3ovGUGkF",
            "peertube, https://Tube.Example/videos/watch/0b04f13d-1e18-4f1d-814e-4979aa7c9c44, https://tube.example/videos/embed/0b04f13d-1e18-4f1d-814e-4979aa7c9c44",
    })
    void playersBecomeIframes(String type, String url, String src) {
        assertThat(embeds.embed(new Video(type, url))).hasValueSatisfying(e -> {
            assertThat(e.kind()).isEqualTo(VideoEmbeds.Kind.IFRAME);
            assertThat(e.src()).isEqualTo(src);
        });
        assertThat(embeds.whyNotEmbedded(new Video(type, url))).isEmpty();
    }

    @Test
    void peerTubeHostsNotListedByAnAdministratorAreOnlyLinked() {
        Video elsewhere = new Video("peertube", "https://evil.example/w/vaJzZNJtxx6KYr3ovGUGkF");
        assertThat(embeds.embed(elsewhere)).isEmpty();
        assertThat(embeds.whyNotEmbedded(elsewhere)).hasValueSatisfying(r -> assertThat(r)
                .contains("evil.example").contains("TALKS_PEERTUBE_HOSTS"));
        // a listed host only over https, and a look-alike host is another host
        assertThat(embeds.embed(new Video("peertube", "http://tube.example/w/vaJzZNJtxx6KYr3ovGUGkF"))).isEmpty();
        assertThat(embeds.embed(new Video("peertube", "https://tube.example.evil.example/w/vaJzZNJtxx6KYr3ovGUGkF")))
                .isEmpty();
        assertThat(new VideoEmbeds(Set.of()).embed(new Video("peertube",
                "https://video.ploud.fr/w/vaJzZNJtxx6KYr3ovGUGkF"))).isEmpty();
    }

    @Test
    void framesAreLimitedToTheAllowedOriginsAndSandboxed() {
        assertThat(embeds.frameOrigins()).containsExactly("https://www.youtube-nocookie.com",
                "https://player.vimeo.com", "https://archive.org", "https://tube.example", "https://video.ploud.fr");
        assertThat(VideoEmbeds.SANDBOX.split(" ")).containsExactlyInAnyOrder("allow-scripts", "allow-same-origin",
                "allow-presentation", "allow-popups", "allow-popups-to-escape-sandbox");
        assertThat(VideoEmbeds.SANDBOX).doesNotContain("allow-top-navigation", "allow-forms", "allow-modals");
    }

    @Test
    void filesBecomeHtml5VideoOnlyOverHttps() {
        assertThat(embeds.embed(new Video("mp4", "https://files.example/talk.mp4"))).hasValueSatisfying(e -> {
            assertThat(e.kind()).isEqualTo(VideoEmbeds.Kind.VIDEO);
            assertThat(e.mimeType()).isEqualTo("video/mp4");
        });
        assertThat(embeds.embed(new Video("ogv", "https://files.example/talk.ogv")).orElseThrow().mimeType())
                .isEqualTo("video/ogg");
        assertThat(embeds.embed(new Video("mp4", "http://files.example/talk.mp4"))).isEmpty();
        assertThat(embeds.whyNotEmbedded(new Video("mp4", "http://files.example/talk.mp4")))
                .hasValueSatisfying(r -> assertThat(r).contains("https"));
    }

    @Test
    void unknownOrUnsafeUrlsAreNotEmbedded() {
        assertThat(embeds.embed(new Video("blip.tv", "http://blip.tv/file/123"))).isEmpty();
        assertThat(embeds.embed(new Video("youtube", "javascript:alert(1)"))).isEmpty();
        assertThat(embeds.embed(new Video("mp4", "ftp://files.example/x.mp4"))).isEmpty();
        assertThat(embeds.embed(new Video("mp4", "data:video/mp4;base64,AAAA"))).isEmpty();
        assertThat(VideoEmbeds.isWebUrl("javascript:alert(1)")).isFalse();
        assertThat(VideoEmbeds.isWebUrl("https://example.org/a b")).isTrue();
    }

    @Test
    void firstPlayableWins() {
        assertThat(embeds.first(List.of(new Video("blip.tv", "http://blip.tv/1"),
                new Video("youtube", "https://youtu.be/abcdefghijk"))).orElseThrow().src())
                .endsWith("/embed/abcdefghijk");
    }

    private static final Video FILE = new Video("mp4", "https://conf.example/media/talk.mp4");
    private static final Video YOUTUBE = new Video("youtube", "https://www.youtube.com/watch?v=yO8WJ-eaEdY");
    private static final Video ARCHIVE = new Video("archive.org", "https://archive.org/details/pyvideo_1");
    private static final Video VIMEO = new Video("vimeo", "https://vimeo.com/123456789");
    private static final Video FTP = new Video("ogv", "ftp://conf.example/talk.ogv");

    @Test
    void sourcesComeInReliabilityOrderAndKeepTheDataOrderAmongEquals() {
        Video secondFile = new Video("webm", "https://conf.example/media/talk.webm");
        List<VideoEmbeds.Source> sources = embeds.sources(List.of(FTP, FILE, ARCHIVE, secondFile, VIMEO, YOUTUBE));
        assertThat(sources).extracting(VideoEmbeds.Source::host).containsExactly(VideoEmbeds.Host.YOUTUBE,
                VideoEmbeds.Host.VIMEO, VideoEmbeds.Host.ARCHIVE_ORG, VideoEmbeds.Host.FILE, VideoEmbeds.Host.FILE,
                VideoEmbeds.Host.LINK);
        assertThat(sources).extracting(VideoEmbeds.Source::url).containsExactly(YOUTUBE.url(), VIMEO.url(),
                ARCHIVE.url(), FILE.url(), secondFile.url(), FTP.url());
        assertThat(sources).extracting(VideoEmbeds.Source::number).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(sources.get(3).label()).isEqualTo("Video file (mp4)");
        assertThat(sources.get(5).playable()).isFalse();
        // the file listed first in the data no longer wins over the YouTube upload
        assertThat(embeds.first(List.of(FILE, YOUTUBE)).orElseThrow().src()).contains("youtube-nocookie");
    }

    @Test
    void thePlayerShowsTheChosenSourceAndOffersTheNextOneAsFallback() {
        VideoEmbeds.Player byDefault = embeds.player(List.of(FILE, YOUTUBE), null, 0);
        assertThat(byDefault.selected().host()).isEqualTo(VideoEmbeds.Host.YOUTUBE);
        VideoEmbeds.Player file = embeds.player(List.of(FILE, YOUTUBE, ARCHIVE), 3, 0);
        assertThat(file.embed().kind()).isEqualTo(VideoEmbeds.Kind.VIDEO);
        assertThat(file.alternative().host()).isEqualTo(VideoEmbeds.Host.YOUTUBE);
        VideoEmbeds.Player first = embeds.player(List.of(FILE, YOUTUBE, ARCHIVE), 1, 0);
        assertThat(first.alternative().host()).isEqualTo(VideoEmbeds.Host.ARCHIVE_ORG);
        assertThat(embeds.player(List.of(FILE), null, 0).alternative()).isNull();
        assertThat(embeds.player(List.of(FTP), null, 0).selected()).isNull();
        assertThat(embeds.player(List.of(FTP), 1, 0).embed()).isNull();
        assertThatThrownBy(() -> embeds.player(List.of(FILE), 2, 0)).hasMessageContaining("from 1 to 1");
        assertThatThrownBy(() -> embeds.player(List.of(), 1, 0)).hasMessageContaining("no video");
    }

    @Test
    void aStartTimeReachesEachPlayerInItsOwnWay() {
        assertThat(embeds.player(List.of(YOUTUBE), null, 62).embed().src())
                .isEqualTo("https://www.youtube-nocookie.com/embed/yO8WJ-eaEdY?start=62");
        assertThat(embeds.player(List.of(VIMEO), null, 62).embed().src())
                .isEqualTo("https://player.vimeo.com/video/123456789#t=62s");
        assertThat(embeds.player(List.of(ARCHIVE), null, 62).embed().src())
                .isEqualTo("https://archive.org/embed/pyvideo_1?start=62");
        assertThat(embeds.player(List.of(FILE), null, 62).embed().src())
                .isEqualTo("https://conf.example/media/talk.mp4#t=62");
        assertThat(embeds.player(List.of(YOUTUBE), null, 0).embed().src())
                .isEqualTo("https://www.youtube-nocookie.com/embed/yO8WJ-eaEdY");
    }

    @Test
    void onAPageAYouTubePlayerIsAskedToReportItsPositionToThePagesOrigin() {
        VideoEmbeds page = new VideoEmbeds(Set.of(), "https://talks.example.org:8443");
        assertThat(page.player(List.of(YOUTUBE), null, 62).embed().src())
                .isEqualTo("https://www.youtube-nocookie.com/embed/yO8WJ-eaEdY?start=62&enablejsapi=1"
                        + "&origin=https%3A%2F%2Ftalks.example.org%3A8443");
        assertThat(page.player(List.of(YOUTUBE), null, 0).embed().src())
                .isEqualTo("https://www.youtube-nocookie.com/embed/yO8WJ-eaEdY?enablejsapi=1"
                        + "&origin=https%3A%2F%2Ftalks.example.org%3A8443");
        // Vimeo's player answers messages without asking; the others are not followed
        assertThat(page.player(List.of(VIMEO), null, 62).embed().src())
                .isEqualTo("https://player.vimeo.com/video/123456789#t=62s");
        assertThat(page.player(List.of(ARCHIVE), null, 62).embed().src())
                .isEqualTo("https://archive.org/embed/pyvideo_1?start=62");
    }
}
