package org.talkarchive.talks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.talkarchive.talks.Talks.Video;

class VideoEmbedsTest {

    @ParameterizedTest
    @CsvSource({
            "youtube, https://www.youtube.com/watch?v=yO8WJ-eaEdY, https://www.youtube-nocookie.com/embed/yO8WJ-eaEdY",
            "youtube, https://youtu.be/yO8WJ-eaEdY, https://www.youtube-nocookie.com/embed/yO8WJ-eaEdY",
            "youtube, https://www.youtube.com/watch?feature=x&v=abcdefghijk, https://www.youtube-nocookie.com/embed/abcdefghijk",
            "vimeo, https://vimeo.com/123456789, https://player.vimeo.com/video/123456789",
            "archive.org, https://archive.org/details/pyvideo_1234___talk, https://archive.org/embed/pyvideo_1234___talk",
            "peertube, https://video.ploud.fr/w/vaJzZNJtxx6KYr3ovGUGkF, https://video.ploud.fr/videos/embed/vaJzZNJtxx6KYr3ovGUGkF",
            "peertube, https://tube.example/videos/watch/0b04f13d-1e18-4f1d-814e-4979aa7c9c44, https://tube.example/videos/embed/0b04f13d-1e18-4f1d-814e-4979aa7c9c44",
    })
    void playersBecomeIframes(String type, String url, String src) {
        assertThat(VideoEmbeds.embed(new Video(type, url))).hasValueSatisfying(e -> {
            assertThat(e.kind()).isEqualTo(VideoEmbeds.Kind.IFRAME);
            assertThat(e.src()).isEqualTo(src);
        });
    }

    @Test
    void filesBecomeHtml5Video() {
        assertThat(VideoEmbeds.embed(new Video("mp4", "https://files.example/talk.mp4"))).hasValueSatisfying(e -> {
            assertThat(e.kind()).isEqualTo(VideoEmbeds.Kind.VIDEO);
            assertThat(e.mimeType()).isEqualTo("video/mp4");
        });
        assertThat(VideoEmbeds.embed(new Video("ogv", "https://files.example/talk.ogv")).orElseThrow().mimeType())
                .isEqualTo("video/ogg");
    }

    @Test
    void unknownOrUnsafeUrlsAreNotEmbedded() {
        assertThat(VideoEmbeds.embed(new Video("blip.tv", "http://blip.tv/file/123"))).isEmpty();
        assertThat(VideoEmbeds.embed(new Video("youtube", "javascript:alert(1)"))).isEmpty();
        assertThat(VideoEmbeds.embed(new Video("mp4", "ftp://files.example/x.mp4"))).isEmpty();
    }

    @Test
    void firstPlayableWins() {
        assertThat(VideoEmbeds.first(List.of(new Video("blip.tv", "http://blip.tv/1"),
                new Video("youtube", "https://youtu.be/abcdefghijk"))).orElseThrow().src())
                .endsWith("/embed/abcdefghijk");
    }
}
