package org.talkarchive.infra.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.util.Timeout;

/**
 * Builds the official client for a node URL, with an API key where one is given, and with timeouts: a node that
 * is gone must fail a request in about a second, and one that hangs must not hold a request for the client's
 * default 30 s. Searches have a tighter budget of their own (see the search package's engine guard).
 */
public final class ElasticsearchClients {

    static final Timeout CONNECT_TIMEOUT = Timeout.of(1, TimeUnit.SECONDS);
    // Long enough for a bulk request of a reindex on a busy 2-core machine; searches give up far sooner.
    static final Timeout RESPONSE_TIMEOUT = Timeout.of(60, TimeUnit.SECONDS);

    private ElasticsearchClients() {
    }

    public static ElasticsearchClient create(String url, Optional<String> apiKey) {
        Rest5Client rest = Rest5Client.builder(URI.create(url))
                .setDefaultHeaders(apiKey.map(key -> new Header[] {new BasicHeader("Authorization", "ApiKey " + key)})
                        .orElse(new Header[0]))
                .setConnectionConfigCallback(c -> c.setConnectTimeout(CONNECT_TIMEOUT).setSocketTimeout(RESPONSE_TIMEOUT))
                .setRequestConfigCallback(r -> r.setConnectionRequestTimeout(CONNECT_TIMEOUT)
                        .setResponseTimeout(RESPONSE_TIMEOUT))
                .build();
        return new ElasticsearchClient(new Rest5ClientTransport(rest, new JacksonJsonpMapper()));
    }
}
