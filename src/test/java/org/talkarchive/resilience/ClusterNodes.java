package org.talkarchive.resilience;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch.cluster.HealthResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.talkarchive.infra.elasticsearch.ElasticsearchClients;

/**
 * The embedded Elasticsearch cluster of a serving archive ({@code TALKS_ES_NODES} &gt; 1), seen from outside as an
 * operator would: its nodes' processes (found by their home folder, whichever process started them), the elected master,
 * kill -9 of one node, and cluster health through a client that knows every node.
 */
public final class ClusterNodes implements AutoCloseable {

    private final Path clusterHome;
    private final ElasticsearchClient client;
    private final String urls;
    private final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();

    /** @param dataDir the archive's data folder; the nodes' URLs are read from what its owner published there */
    public ClusterNodes(Path dataDir) {
        this.clusterHome = dataDir.resolve("elasticsearch-cluster");
        try {
            Map<?, ?> engines = new ObjectMapper().readValue(dataDir.resolve("engines.json").toFile(), Map.class);
            this.urls = (String) engines.get("elasticsearchUrl");
            this.client = ElasticsearchClients.create(urls, Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Node name to the pid of its JVM, for the nodes running now. */
    public Map<String, Long> pids() {
        Map<String, Long> pids = new TreeMap<>();
        ProcessHandle.allProcesses().forEach(p -> p.info().commandLine().ifPresent(line -> {
            int at = line.indexOf("NodeMain " + clusterHome.resolve("node-"));
            if (at >= 0) {
                String rest = line.substring(at + ("NodeMain " + clusterHome).length() + 1);
                pids.put(rest.substring(0, rest.indexOf(' ')), p.pid());
            }
        }));
        return pids;
    }

    /** A node's own log, over all its starts (logs/node-console.log under its home). */
    public String log(String node) {
        try {
            return java.nio.file.Files.readString(clusterHome.resolve(node).resolve("logs/node-console.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The name of the elected master node. */
    public String master() throws IOException {
        return client.cat().master().masters().get(0).node();
    }

    /** kill -9 of one node's JVM; returns once it has gone. */
    public void kill(String node) {
        Long pid = pids().get(node);
        if (pid == null) {
            throw new IllegalStateException("no running node " + node + " under " + clusterHome);
        }
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
        process.destroyForcibly(); // SIGKILL
        process.onExit().orTimeout(30, TimeUnit.SECONDS).join();
    }

    /**
     * Waits until {@code node} runs in a JVM other than {@code oldPid} (the supervisor started it again), at most
     * {@code limit}. Until then, a health answer may still come from a cluster state that predates the kill.
     */
    public Duration awaitRestarted(String node, long oldPid, Duration limit) {
        long started = System.nanoTime();
        long deadline = started + limit.toNanos();
        while (System.nanoTime() < deadline) {
            Long pid = pids().get(node);
            if (pid != null && pid != oldPid) {
                return Duration.ofNanos(System.nanoTime() - started);
            }
            ViewerClient.sleep(Duration.ofMillis(100));
        }
        throw new IllegalStateException(node + " was not started again within " + limit);
    }

    /**
     * Waits until the cluster is green with {@code nodes} nodes, exactly those running here now ({@link #pids()},
     * looked up at each try: the supervisor may have started one again meanwhile), as the cluster itself reports
     * them (each node's own process id), at most {@code limit}. Health alone is not enough: right after a
     * node is killed, the cluster may still count it, and call itself green, until it has noticed.
     *
     * @return how long that took
     * @throws IllegalStateException with the last state seen, when it did not get there in time
     */
    public Duration awaitGreen(int nodes, Duration limit) {
        long started = System.nanoTime();
        long deadline = started + limit.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            Map<String, Long> running = pids();
            try {
                HealthResponse health = client.cluster().health(h -> h.waitForStatus(HealthStatus.Green)
                        .waitForNodes(Integer.toString(nodes)).timeout(t -> t.time("1s")));
                Map<String, Long> joined = joinedPids();
                if (!health.timedOut() && health.status() == HealthStatus.Green
                        && health.numberOfNodes() == nodes && running.size() == nodes && joined.equals(running)) {
                    return Duration.ofNanos(System.nanoTime() - started);
                }
                last = health.status() + ", " + health.numberOfNodes() + " nodes, "
                        + health.unassignedShards() + " unassigned, " + health.initializingShards()
                        + " initializing; joined " + joined + ", running " + running;
            } catch (IOException | RuntimeException e) {
                last = e.toString();
            }
            ViewerClient.sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException("the cluster was not green with " + nodes + " nodes within " + limit
                + "; last: " + last);
    }

    /** Node name to process id, as the cluster reports them (asked of the first node that answers). */
    private Map<String, Long> joinedPids() throws IOException {
        IOException failure = new IOException("no node answered");
        for (String url : urls.split(",")) {
            try {
                java.net.http.HttpResponse<String> nodes = http.send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create(url + "/_cat/nodes?h=name,pid")).timeout(Duration.ofSeconds(5)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                if (nodes.statusCode() != 200) {
                    throw new IOException(url + " answered " + nodes.statusCode() + ": " + nodes.body());
                }
                Map<String, Long> pids = new TreeMap<>();
                nodes.body().lines().map(String::trim).filter(line -> !line.isEmpty()).forEach(line -> {
                    String[] parts = line.split("\\s+");
                    pids.put(parts[0], Long.parseLong(parts[1]));
                });
                return pids;
            } catch (IOException e) {
                failure = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        throw failure;
    }

    public ElasticsearchClient client() {
        return client;
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
