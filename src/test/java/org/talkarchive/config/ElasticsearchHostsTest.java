package org.talkarchive.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class ElasticsearchHostsTest {

    @Test
    void oneUrlIsOneHost() {
        assertThat(ElasticsearchHosts.parse("http://127.0.0.1:9200")).containsExactly(URI.create("http://127.0.0.1:9200"));
    }

    @Test
    void aCommaSeparatedListKeepsItsOrderWithoutDuplicatesOrSpaces() {
        assertThat(ElasticsearchHosts.parse(" http://es1:9200, https://es2:9243 ,http://es1:9200,http://es3:9200/"))
                .containsExactly(URI.create("http://es1:9200"), URI.create("https://es2:9243"),
                        URI.create("http://es3:9200"));
    }

    @Test
    void aUrlWithoutPortKeepsTheSchemesDefault() {
        assertThat(ElasticsearchHosts.parse("https://search.example.org")).containsExactly(
                URI.create("https://search.example.org"));
    }

    @Test
    void aBadEntryIsNamedWithItsPosition() {
        assertThatThrownBy(() -> ElasticsearchHosts.parse("http://es1:9200,es2:9200"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entry 2 'es2:9200'").hasMessageContaining("http://");
        assertThatThrownBy(() -> ElasticsearchHosts.parse("http://es1:9200,,http://es2:9200"))
                .hasMessageContaining("entry 2 ''").hasMessageContaining("empty");
        assertThatThrownBy(() -> ElasticsearchHosts.parse("http://es1:9200,"))
                .hasMessageContaining("entry 2");
        assertThatThrownBy(() -> ElasticsearchHosts.parse("http://es 1:9200"))
                .hasMessageContaining("entry 1 'http://es 1:9200'");
        assertThatThrownBy(() -> ElasticsearchHosts.parse("ftp://es1:21"))
                .hasMessageContaining("entry 1 'ftp://es1:21'");
        assertThatThrownBy(() -> ElasticsearchHosts.parse("http://es1:9200/prefix"))
                .hasMessageContaining("only scheme, host and port");
    }

    @Test
    void credentialsInTheUrlAreRefusedWithoutBeingEchoedElsewhere() {
        assertThatThrownBy(() -> ElasticsearchHosts.parse("http://user:pw@es1:9200"))
                .hasMessageContaining("ELASTICSEARCH_API_KEY");
    }
}
