package org.talkarchive.infra.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Node;
import co.elastic.clients.transport.rest5_client.low_level.NodeSelector;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.talkarchive.config.ElasticsearchHosts;

/**
 * Builds the official client for the node URLs (one, or a comma-separated list: {@link ElasticsearchHosts}), with
 * an API key where one is given, and with timeouts: a node that is gone must fail a request in about a second, and
 * one that hangs must not hold a request for the client's default 30 s. Searches get a client with a tighter budget
 * of their own.
 *
 * <p>With several nodes the low-level client sends requests round-robin, and a request that fails on one node
 * (connection refused or reset, timeout, 502/503/504) is sent again to the next one at once; the failed node is
 * left out for a while (from a minute, doubling) and tried again after that. So a node that dies costs viewers
 * no failed search, only a retry.
 */
public final class ElasticsearchClients {

    private static final Logger log = LoggerFactory.getLogger(ElasticsearchClients.class);

    static final Timeout CONNECT_TIMEOUT = Timeout.of(1, TimeUnit.SECONDS);
    // Long enough for a bulk request of a reindex on a busy 2-core machine; searches use a client of their own.
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

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
        Rest5Client rest = Rest5Client.builder(ElasticsearchHosts.parse(url))
                // Any node may coordinate: the embedded and compose clusters have no dedicated masters, and an
                // external one with them keeps them out of the list by not naming them.
                .setNodeSelector(NodeSelector.ANY)
                .setFailureListener(new Rest5Client.FailureListener() {
                    @Override
                    public void onFailure(Node node) {
                        log.warn("Elasticsearch node {} failed a request; it is left out for a while and the "
                                + "request goes to another node, if there is one", node.getHost());
                    }
                })
                .setDefaultHeaders(apiKey.map(key -> new Header[] {new BasicHeader("Authorization", "ApiKey " + key)})
                        .orElse(new Header[0]))
                .setConnectionConfigCallback(c -> c.setConnectTimeout(CONNECT_TIMEOUT).setSocketTimeout(response))
                .setRequestConfigCallback(r -> r.setConnectionRequestTimeout(CONNECT_TIMEOUT)
                        .setResponseTimeout(response))
                .build();
        return new ElasticsearchClient(new Rest5ClientTransport(rest, new JacksonJsonpMapper()));
    }
}
