package org.talkarchive.infra.elasticsearch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several real Elasticsearch nodes on loopback, each in a JVM of its own with its own home under {@code root}
 * ({@code node-1}, {@code node-2}, …: data, logs, modules), forming one cluster. Every node is master-eligible and
 * holds data, so any one of three can die and the other two elect a master and keep answering; each node loads the
 * project's analysis module exactly as the single node does.
 */
public final class EmbeddedCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedCluster.class);

    private final List<EmbeddedElasticsearch> nodes;

    private EmbeddedCluster(List<EmbeddedElasticsearch> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /**
     * Starts {@code count} nodes side by side and waits until each has joined the cluster.
     *
     * @param jvm the JVM each node runs in
     */
    public static EmbeddedCluster start(Path root, int count, Path distribution, NodeJvm jvm) {
        if (count < 2) {
            throw new IllegalArgumentException("A cluster needs at least two nodes, not " + count);
        }
        long started = System.nanoTime();
        // Its own name: a node of another cluster that happens to take a freed port is refused, not joined.
        String clusterName = "talk-archive-cluster-" + UUID.randomUUID().toString().substring(0, 8);
        List<EmbeddedElasticsearch> nodes = new ArrayList<>();
        try {
            List<Integer> transportPorts = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                transportPorts.add(EmbeddedElasticsearch.freePort());
                names.add("node-" + i);
            }
            String seeds = transportPorts.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
            for (int i = 0; i < count; i++) {
                nodes.add(EmbeddedElasticsearch.prepare(root.resolve(names.get(i)), distribution, jvm,
                        EmbeddedElasticsearch.freePort(), transportPorts.get(i),
                        List.of(clusterName, names.get(i), seeds, String.join(",", names))));
            }
            for (EmbeddedElasticsearch node : nodes) {
                node.spawn();
            }
            for (EmbeddedElasticsearch node : nodes) {
                node.awaitHealthy();
            }
        } catch (IOException e) {
            nodes.forEach(EmbeddedElasticsearch::close);
            throw new UncheckedIOException("Could not start the embedded Elasticsearch cluster in " + root, e);
        } catch (RuntimeException e) {
            nodes.forEach(EmbeddedElasticsearch::close);
            throw e;
        }
        EmbeddedCluster cluster = new EmbeddedCluster(nodes);
        log.info("Embedded Elasticsearch cluster {} of {} nodes ready at {} in {} ms (homes under {})", clusterName,
                count, cluster.urls(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), root);
        return cluster;
    }

    /** The nodes, in order: node-1 first. Each can be watched and restarted on its own. */
    public List<EmbeddedElasticsearch> nodes() {
        return nodes;
    }

    /** All nodes' HTTP addresses, comma-separated, as {@code ELASTICSEARCH_URL} takes them. */
    public String urls() {
        return nodes.stream().map(EmbeddedElasticsearch::url).collect(Collectors.joining(","));
    }

    /** Stops the nodes in reverse order, so the first (most likely the master) goes last. */
    @Override
    public void close() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close();
        }
    }
}
