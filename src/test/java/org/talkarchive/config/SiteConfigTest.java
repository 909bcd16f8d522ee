package org.talkarchive.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SiteConfigTest {

    @Test
    void unsetMeansLocalhostAndNoPeerTube() {
        SiteConfig site = SiteConfig.fromEnvironment(Map.of(), 8080);
        assertThat(site.base()).isEqualTo("http://localhost:8080");
        assertThat(site.peertubeHosts()).isEmpty();
        assertThat(site.concurrentRequests()).isEqualTo(SiteConfig.DEFAULT_CONCURRENT_REQUESTS);
    }

    @Test
    void readsHowManyRequestsAndDownloadsRunAtOnce() {
        SiteConfig site = SiteConfig.fromEnvironment(Map.of("TALKS_CONCURRENT_REQUESTS", " 40 ",
                "TALKS_CONCURRENT_EXPORTS", "3"), 7070);
        assertThat(site.concurrentRequests()).isEqualTo(40);
        assertThat(site.concurrentExports()).isEqualTo(3);
    }

    @Test
    void readsThePublicUrlAndPeerTubeHosts() {
        SiteConfig site = SiteConfig.fromEnvironment(Map.of("TALKS_PUBLIC_URL", " https://talks.example.org/ ",
                "TALKS_PEERTUBE_HOSTS", "Tube.Example.org, video.example.net,"), 7070);
        assertThat(site.base()).isEqualTo("https://talks.example.org");
        assertThat(site.peertubeHosts()).containsExactlyInAnyOrder("tube.example.org", "video.example.net");
    }

    @Test
    void badValuesAreClearErrors() {
        for (String url : new String[] {"talks.example.org", "javascript:alert(1)", "https://x.example/?a=b",
                "https://user@x.example"}) {
            assertThatThrownBy(() -> SiteConfig.fromEnvironment(Map.of("TALKS_PUBLIC_URL", url), 7070))
                    .as(url).hasMessageContaining("TALKS_PUBLIC_URL");
        }
        assertThatThrownBy(() -> SiteConfig.fromEnvironment(Map.of("TALKS_PEERTUBE_HOSTS", "https://tube.example"),
                7070)).hasMessageContaining("TALKS_PEERTUBE_HOSTS").hasMessageContaining("https://tube.example");
        assertThatThrownBy(() -> SiteConfig.fromEnvironment(Map.of("TALKS_CONCURRENT_REQUESTS", "many"), 7070))
                .hasMessageContaining("TALKS_CONCURRENT_REQUESTS must be a whole number, not 'many'");
        assertThatThrownBy(() -> SiteConfig.fromEnvironment(Map.of("TALKS_CONCURRENT_REQUESTS", "0"), 7070))
                .hasMessageContaining("TALKS_CONCURRENT_REQUESTS must be from 1 to 1024");
    }
}
