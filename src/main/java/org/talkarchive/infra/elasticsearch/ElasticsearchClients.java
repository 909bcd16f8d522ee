package org.talkarchive.infra.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.util.Optional;

/** Builds the official client for a node URL, with an API key where one is given. */
public final class ElasticsearchClients {

    private ElasticsearchClients() {
    }

    public static ElasticsearchClient create(String url, Optional<String> apiKey) {
        return ElasticsearchClient.of(b -> {
            b.host(url);
            apiKey.ifPresent(b::apiKey);
            return b;
        });
    }
}
