package org.talkarchive.indexer;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/** The versioned talks indices and the alias that searches read. */
public final class SearchIndex {

    private final ElasticsearchClient client;
    private final IndexDefinition definition;
    private final String alias;
    private final Clock clock;
    private final int bulkOperations;

    public SearchIndex(ElasticsearchClient client, IndexDefinition definition, String alias, Clock clock) {
        this(client, definition, alias, clock, IndexLayout.DEFAULT.bulkOperations());
    }

    /** @param bulkOperations operations per bulk request when publishing and reindexing */
    public SearchIndex(ElasticsearchClient client, IndexDefinition definition, String alias, Clock clock,
                       int bulkOperations) {
        this.client = client;
        this.definition = definition;
        this.alias = alias;
        this.clock = clock;
        this.bulkOperations = bulkOperations;
    }

    int bulkOperations() {
        return bulkOperations;
    }

    public String alias() {
        return alias;
    }

    public ElasticsearchClient client() {
        return client;
    }

    /** The indices the alias points to (one, normally; none before the first build). */
    public Set<String> indicesBehindAlias() {
        return indicesBehindAlias(client);
    }

    /** The same, asked through another client (one with a shorter timeout, say). */
    public Set<String> indicesBehindAlias(ElasticsearchClient client) {
        try {
            if (!client.indices().existsAlias(e -> e.name(alias)).value()) {
                return Set.of();
            }
            return new TreeSet<>(client.indices().getAlias(g -> g.name(alias)).aliases().keySet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every index named after this alias ({@code <alias>-v<version>-<time>}), whether the alias points to it or not. */
    public Set<String> ownIndices() {
        try {
            return new TreeSet<>(client.indices().get(g -> g.index(alias + "-v*").ignoreUnavailable(true)
                    .allowNoIndices(true)).indices().keySet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when the alias exists and points at an index built from the current definition. */
    public boolean isCurrent() {
        Set<String> indices = indicesBehindAlias();
        return !indices.isEmpty() && indices.stream()
                .allMatch(name -> IndexDefinition.versionOf(alias, name) == definition.version());
    }

    /**
     * Creates a new, empty index from the definition, tuned for a bulk load: no refresh and no replicas until
     * finished (a replica then copies the built shards once, rather than indexing every document again).
     */
    public String createForBulkLoad() {
        String name = definition.newIndexName(alias, clock);
        try {
            client.indices().create(c -> c.index(name).withJson(new StringReader(definition.json())));
            client.indices().putSettings(p -> p.index(name).settings(s -> s.refreshInterval(t -> t.time("-1"))
                    .numberOfReplicas("0")));
            return name;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Back to the normal refresh interval and the definition's replicas, and refreshed so the documents are
     * visible before the swap.
     */
    public void finishBulkLoad(String index) {
        try {
            client.indices().putSettings(p -> p.index(index).settings(s -> s.refreshInterval(t -> t.time("1s"))
                    .numberOfReplicas(Integer.toString(definition.replicas()))));
            client.indices().refresh(r -> r.index(index));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Points the alias at {@code index} alone, in one atomic request. */
    public void pointAliasAt(String index, Collection<String> previous) {
        try {
            client.indices().updateAliases(u -> {
                for (String old : previous) {
                    u.actions(a -> a.remove(r -> r.index(old).alias(alias)));
                }
                return u.actions(a -> a.add(ad -> ad.index(index).alias(alias)));
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void delete(Collection<String> indices) {
        if (indices.isEmpty()) {
            return;
        }
        try {
            client.indices().delete(d -> d.index(indices.stream().toList()).ignoreUnavailable(true));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void refresh() {
        try {
            client.indices().refresh(r -> r.index(alias));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long count() {
        try {
            return client.count(c -> c.index(alias)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
