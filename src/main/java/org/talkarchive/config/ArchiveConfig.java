package org.talkarchive.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.talkarchive.indexer.IndexLayout;
import org.talkarchive.indexer.Publishing;
import org.talkarchive.search.FacetSampling;

/**
 * Everything the archive reads from its environment, in one place. Unset {@code DATABASE_URL} or
 * {@code ELASTICSEARCH_URL} means "start an embedded one" under {@link #dataDir()}.
 *
 * @param databaseUrl       JDBC URL of an external PostgreSQL ({@code DATABASE_URL}); empty for embedded
 * @param databaseUser      {@code DATABASE_USER}, optional (the URL may carry user and password itself)
 * @param databasePassword  {@code DATABASE_PASSWORD}, optional
 * @param elasticsearchUrl  URL of an external Elasticsearch ({@code ELASTICSEARCH_URL}), or a comma-separated list
 *                          of its nodes' URLs; empty for embedded
 * @param elasticsearchApiKey {@code ELASTICSEARCH_API_KEY}, optional
 * @param dataDir           where embedded PostgreSQL and Elasticsearch keep their files ({@code TALKS_DATA_DIR})
 * @param httpHost          address the web app listens on ({@code HOST}, default 127.0.0.1: a demo on a laptop is
 *                          not for the whole network; containers set 0.0.0.0)
 * @param httpPort          HTTP port of the web app ({@code PORT}, default 7070)
 * @param adminToken        bearer token for admin endpoints ({@code TALKS_ADMIN_TOKEN}); empty disables them; at
 *                          least {@link AccessTokens#MIN_LENGTH} characters
 * @param metricsToken      bearer token for {@code /metrics} ({@code TALKS_METRICS_TOKEN}); empty disables it; at
 *                          least {@link AccessTokens#MIN_LENGTH} characters
 * @param esJavaHome        a Java 21+ home for the embedded node ({@code ES_JAVA_HOME}), found if unset
 * @param esHeap            each embedded node's heap ({@code TALKS_ES_HEAP}, default 1g)
 * @param esJavaOptions     more JVM options for each embedded node ({@code TALKS_ES_JAVA_OPTS}, separated by spaces),
 *                          e.g. {@code -XX:TieredStopAtLevel=1} for nodes that live a short while (the tests')
 * @param esNodes           how many embedded Elasticsearch nodes ({@code TALKS_ES_NODES}, default 1): more than
 *                          one starts a cluster on loopback, each node in a JVM of its own
 * @param esNodeDir         the embedded node's jars ({@code TALKS_ES_NODE_DIR}), next to the app if unset
 * @param searchTimeout     how long one attempt of a viewer's search waits for Elasticsearch before the next node
 *                          or PostgreSQL answers ({@code TALKS_SEARCH_TIMEOUT_MS}, default 2000)
 * @param indexAlias        alias that searches read ({@code TALKS_INDEX_ALIAS}, default "talks")
 * @param indexLayout       shards and replicas of a new index ({@code TALKS_INDEX_SHARDS}, default 1;
 *                          {@code TALKS_INDEX_REPLICAS}, default 0) and operations per bulk request
 *                          ({@code TALKS_BULK_SIZE}, default 1000)
 * @param facetSampling     about how many talks a broad search's facet counts are estimated from
 *                          ({@code TALKS_FACET_SAMPLE}, default 100000; 0 counts every search exactly)
 * @param searchByMeaning   whether searches also find talks by meaning ({@code TALKS_SEARCH_BY_MEANING}, on or
 *                          off, default on); vectors are computed and published either way
 * @param publishing        talks per publishing batch ({@code TALKS_PUBLISH_BATCH}, default 1000) and batches
 *                          published at once while catching up with a backlog ({@code TALKS_PUBLISHERS}, default 2)
 */
public record ArchiveConfig(
        Optional<String> databaseUrl,
        Optional<String> databaseUser,
        Optional<String> databasePassword,
        Optional<String> elasticsearchUrl,
        Optional<String> elasticsearchApiKey,
        Path dataDir,
        String httpHost,
        int httpPort,
        Optional<String> adminToken,
        Optional<String> metricsToken,
        Optional<String> esJavaHome,
        String esHeap,
        List<String> esJavaOptions,
        int esNodes,
        Optional<Path> esNodeDir,
        Duration searchTimeout,
        String indexAlias,
        IndexLayout indexLayout,
        FacetSampling facetSampling,
        Publishing publishing,
        boolean searchByMeaning) {

    public static ArchiveConfig fromEnvironment(Map<String, String> env) {
        return new ArchiveConfig(
                databaseUrl(env),
                value(env, "DATABASE_USER"),
                value(env, "DATABASE_PASSWORD"),
                elasticsearchUrl(env),
                value(env, "ELASTICSEARCH_API_KEY"),
                Path.of(value(env, "TALKS_DATA_DIR").orElse("data")).toAbsolutePath(),
                value(env, "HOST").orElse("127.0.0.1"),
                port(value(env, "PORT").orElse("7070")),
                AccessTokens.check("TALKS_ADMIN_TOKEN", value(env, "TALKS_ADMIN_TOKEN")),
                AccessTokens.check("TALKS_METRICS_TOKEN", value(env, "TALKS_METRICS_TOKEN")),
                value(env, "ES_JAVA_HOME"),
                esHeap(env),
                value(env, "TALKS_ES_JAVA_OPTS").map(options -> List.of(options.split("\\s+"))).orElse(List.of()),
                esNodes(env),
                value(env, "TALKS_ES_NODE_DIR").map(Path::of),
                searchTimeout(env),
                value(env, "TALKS_INDEX_ALIAS").orElse("talks"),
                new IndexLayout(
                        number(env, "TALKS_INDEX_SHARDS", IndexLayout.DEFAULT.shards()),
                        number(env, "TALKS_INDEX_REPLICAS", IndexLayout.DEFAULT.replicas()),
                        number(env, "TALKS_BULK_SIZE", IndexLayout.DEFAULT.bulkOperations())),
                new FacetSampling(number(env, "TALKS_FACET_SAMPLE", FacetSampling.DEFAULT_SAMPLE)),
                new Publishing(
                        number(env, "TALKS_PUBLISH_BATCH", Publishing.DEFAULT.batchSize()),
                        number(env, "TALKS_PUBLISHERS", Publishing.DEFAULT.catchUpPublishers())),
                onOff(env, "TALKS_SEARCH_BY_MEANING", true));
    }

    public ArchiveConfig withHttpPort(int port) {
        return new ArchiveConfig(databaseUrl, databaseUser, databasePassword, elasticsearchUrl, elasticsearchApiKey,
                dataDir, httpHost, port, adminToken, metricsToken, esJavaHome, esHeap, esJavaOptions, esNodes, esNodeDir,
                searchTimeout, indexAlias, indexLayout, facetSampling, publishing, searchByMeaning);
    }

    /** "on"/"true" or "off"/"false"; anything else stops the start, naming the variable. */
    private static boolean onOff(Map<String, String> env, String name, boolean unset) {
        return value(env, name).map(v -> switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new IllegalArgumentException(name + " must be on or off, was '" + v + "'");
        }).orElse(unset);
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }

    /** Checked here, so a bad entry stops the start with its name instead of failing on first use. */
    private static Optional<String> elasticsearchUrl(Map<String, String> env) {
        Optional<String> url = value(env, "ELASTICSEARCH_URL");
        url.ifPresent(ElasticsearchHosts::parse);
        return url;
    }

    /** A JDBC URL of PostgreSQL: anything else would fail later as "no suitable driver", as if it were unreachable. */
    private static Optional<String> databaseUrl(Map<String, String> env) {
        Optional<String> url = value(env, "DATABASE_URL");
        url.filter(u -> !u.startsWith("jdbc:postgresql:")).ifPresent(u -> {
            int colon = u.indexOf(':');
            // its scheme only: the rest may hold a password
            String scheme = colon > 0 && colon <= 20 ? "a '" + u.substring(0, colon) + ":' URL" : "that";
            throw new IllegalArgumentException("DATABASE_URL must be a JDBC URL of PostgreSQL such as"
                    + " jdbc:postgresql://db.example.org:5432/talks, not " + scheme);
        });
        return url;
    }

    /** A JVM heap size such as 512m or 2g: the node's JVM would otherwise exit with a message about something else. */
    private static String esHeap(Map<String, String> env) {
        String heap = value(env, "TALKS_ES_HEAP").orElse("1g");
        if (!heap.matches("[1-9][0-9]{0,5}[mMgG]")) {
            throw new IllegalArgumentException("TALKS_ES_HEAP must be a heap size such as 512m or 2g, not '" + heap
                    + "'");
        }
        return heap;
    }

    /** 100 ms to 60 s: shorter fails searches on any busy node, longer keeps viewers waiting on a hung one. */
    private static Duration searchTimeout(Map<String, String> env) {
        int millis = number(env, "TALKS_SEARCH_TIMEOUT_MS", 2000);
        if (millis < 100 || millis > 60_000) {
            throw new IllegalArgumentException("TALKS_SEARCH_TIMEOUT_MS must be from 100 to 60000, not " + millis);
        }
        return Duration.ofMillis(millis);
    }

    /** 1 to 9: a cluster of more nodes than that on one machine only competes with itself. */
    private static int esNodes(Map<String, String> env) {
        int nodes = number(env, "TALKS_ES_NODES", 1);
        if (nodes < 1 || nodes > 9) {
            throw new IllegalArgumentException("TALKS_ES_NODES must be from 1 to 9, not " + nodes);
        }
        return nodes;
    }

    /** A whole number from the environment, or {@code fallback} when unset; a bad one stops the start, named. */
    static int number(Map<String, String> env, String name, int fallback) {
        Optional<String> text = value(env, name);
        try {
            return text.map(Integer::parseInt).orElse(fallback);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + text.get() + "'");
        }
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("PORT must be a number from 0 to 65535, not '" + text + "'");
        }
    }
}
