package org.talkarchive.infra.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.util.Timeout;

/**
 * Builds the official client for a node URL, with an API key where one is given, and with timeouts: a node that
 * is gone must fail a request in about a second, and one that hangs must not hold a request for the client's
 * default 30 s. Searches get a client with a tighter budget of their own.
 */
public final class ElasticsearchClients {

    static final Timeout CONNECT_TIMEOUT = Timeout.of(1, TimeUnit.SECONDS);
    // Long enough for a bulk request of a reindex on a busy 2-core machine; searches use a client of their own.
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

    /** How long a viewer's search waits for the engine before PostgreSQL answers instead. */
    public static final Duration SEARCH_TIMEOUT = Duration.ofSeconds(2);

    private ElasticsearchClients() {
    }

    /** For publishing, reindexing and checks: patient with a busy node. */
    public static ElasticsearchClient create(String url, Optional<String> apiKey) {
        return create(url, apiKey, RESPONSE_TIMEOUT);
    }

    /**
     * A client whose every request gives up after {@code responseTimeout}: for searches that viewers wait on.
     * (The timeout is set when the client is built: a per-request setting is not honoured by the transport.)
     */
    public static ElasticsearchClient create(String url, Optional<String> apiKey, Duration responseTimeout) {
        Timeout response = Timeout.of(responseTimeout.toMillis(), TimeUnit.MILLISECONDS);
        Rest5Client rest = Rest5Client.builder(URI.create(url))
                .setDefaultHeaders(apiKey.map(key -> new Header[] {new BasicHeader("Authorization", "ApiKey " + key)})
                        .orElse(new Header[0]))
                .setConnectionConfigCallback(c -> c.setConnectTimeout(CONNECT_TIMEOUT).setSocketTimeout(response))
                .setRequestConfigCallback(r -> r.setConnectionRequestTimeout(CONNECT_TIMEOUT)
                        .setResponseTimeout(response))
                .build();
        return new ElasticsearchClient(new Rest5ClientTransport(rest, new JacksonJsonpMapper()));
    }
}
