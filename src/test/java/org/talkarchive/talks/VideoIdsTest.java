package org.talkarchive.talks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.talkarchive.talks.VideoIds.Host;
import org.talkarchive.talks.VideoIds.VideoId;

class VideoIdsTest {

    @ParameterizedTest
    @CsvSource({
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ, YOUTUBE, dQw4w9WgXcQ",
            "https://m.youtube.com/watch?feature=share&v=dQw4w9WgXcQ&t=30, YOUTUBE, dQw4w9WgXcQ",
            "https://youtu.be/dQw4w9WgXcQ?t=12, YOUTUBE, dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ, YOUTUBE, dQw4w9WgXcQ",
            "https://vimeo.com/123456789, VIMEO, 123456789",
            "https://player.vimeo.com/video/123456789, VIMEO, 123456789",
    })
    void urlsOfBothHostsNameTheirVideo(String url, Host host, String id) {
        assertThat(VideoIds.ofUrl(url)).contains(new VideoId(host, id));
    }

    @Test
    void searchTextMayBeALinkWithoutSchemeOrABareId() {
        assertThat(VideoIds.ofSearchText(" youtube.com/watch?v=dQw4w9WgXcQ ")).contains(new VideoId(Host.YOUTUBE,
                "dQw4w9WgXcQ"));
        assertThat(VideoIds.ofSearchText("dQw4w9WgXcQ")).contains(new VideoId(Host.YOUTUBE, "dQw4w9WgXcQ"));
        assertThat(VideoIds.ofSearchText("123456789")).contains(new VideoId(Host.VIMEO, "123456789"));
    }

    @Test
    void wordsAndOtherLinksAreNotVideos() {
        assertThat(VideoIds.ofSearchText("programming")).as("an 11-letter word").isEmpty();
        assertThat(VideoIds.ofSearchText("django 2019")).isEmpty();
        assertThat(VideoIds.ofSearchText("2019")).isEmpty();
        assertThat(VideoIds.ofSearchText("https://example.org/watch?v=dQw4w9WgXcQ")).isEmpty();
        assertThat(VideoIds.ofUrl("https://archive.org/details/pycon")).isEmpty();
        assertThat(VideoIds.ofUrl(null)).isEmpty();
    }
}
