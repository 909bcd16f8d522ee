package org.talkarchive.infra;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.talkarchive.config.ArchiveConfig;
import org.talkarchive.infra.DataDirectoryOwner.RunningEngines;
import org.talkarchive.infra.elasticsearch.ElasticsearchClients;
import org.talkarchive.infra.elasticsearch.EmbeddedCluster;
import org.talkarchive.infra.elasticsearch.EmbeddedElasticsearch;
import org.talkarchive.infra.elasticsearch.JavaRuntimes;
import org.talkarchive.infra.elasticsearch.NodeJvm;
import org.talkarchive.infra.postgres.Database;
import org.talkarchive.infra.postgres.EmbeddedPostgresServer;

/**
 * PostgreSQL and Elasticsearch for one run of the archive: the external ones the configuration names, or embedded
 * ones started here (and stopped, in reverse order, on close).
 */
public final class Infrastructure implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Infrastructure.class);

    private static final Duration OWNER_PATIENCE = Duration.ofSeconds(120);

    private final Database database;
    private final ElasticsearchClient elasticsearch;
    private final ElasticsearchClient searchClient;
    private final String elasticsearchUrl;
    private final Optional<EngineSupervisor> supervisor;
    private final Deque<AutoCloseable> toClose;
    private Thread exitHook;

    private Infrastructure(Database database, ElasticsearchClient elasticsearch, ElasticsearchClient searchClient,
                           String elasticsearchUrl, Optional<EngineSupervisor> supervisor,
                           Deque<AutoCloseable> toClose) {
        this.database = database;
        this.elasticsearch = elasticsearch;
        this.searchClient = searchClient;
        this.elasticsearchUrl = elasticsearchUrl;
        this.supervisor = supervisor;
        this.toClose = toClose;
    }

    /**
     * Connects to the configured engines. Where an engine is embedded, the data directory decides: if another
     * process of the archive (a running {@code serve}, say) owns it, its engines are used as they are; otherwise
     * this process takes ownership, starts them, publishes where they listen, and restarts them if they die.
     */
    public static Infrastructure start(ArchiveConfig config) {
        return start(config, false);
    }

    /**
     * For {@code serve}: like {@link #start}, but embedded engines must be this process's own. A serve that used
     * another process's engines would go down for good when that process stopped (nothing would take the engines
     * over), so it refuses to start instead. The caller stops the engines, in order, when it stops: no shutdown hook
     * stops them under its feet.
     *
     * @throws DataDirectoryInUseException when another process runs the embedded engines of the data directory
     */
    public static Infrastructure startOwning(ArchiveConfig config) {
        return start(config, true);
    }

    private static Infrastructure start(ArchiveConfig config, boolean serving) {
        boolean embeddedDatabase = config.databaseUrl().isEmpty();
        boolean embeddedSearch = config.elasticsearchUrl().isEmpty();
        if (!embeddedDatabase && !embeddedSearch) {
            return connect(config, config.databaseUrl().get(), config.databaseUser().orElse(null),
                    config.databasePassword().orElse(null), config.elasticsearchUrl().get());
        }
        Optional<DataDirectoryOwner> owner = DataDirectoryOwner.tryTake(config.dataDir());
        if (owner.isEmpty() && serving) {
            throw new DataDirectoryInUseException(config.dataDir(), DataDirectoryOwner.ownerPid(config.dataDir()));
        }
        if (owner.isEmpty()) {
            RunningEngines theirs = DataDirectoryOwner.awaitOwnersEngines(config.dataDir(), OWNER_PATIENCE);
            log.info("The engines in {} are run by another process of the archive (pid {}); using them",
                    config.dataDir(), theirs.pid());
            return connect(config,
                    embeddedDatabase ? theirs.jdbcUrl() : config.databaseUrl().get(),
                    embeddedDatabase ? theirs.user() : config.databaseUser().orElse(null),
                    embeddedDatabase ? null : config.databasePassword().orElse(null),
                    embeddedSearch ? theirs.elasticsearchUrl() : config.elasticsearchUrl().get());
        }
        Infrastructure started = startEmbedded(config, owner.get());
        if (!serving) {
            started.stopAtExit();
        }
        return started;
    }

    private static Infrastructure connect(ArchiveConfig config, String jdbcUrl, String user, String password,
                                          String esUrl) {
        Deque<AutoCloseable> toClose = new ArrayDeque<>();
        try {
            Database database = Database.connectAndMigrate(jdbcUrl, user, password);
            toClose.push(database);
            return withClients(database, esUrl, config, Optional.empty(), toClose);
        } catch (RuntimeException e) {
            closeAll(toClose);
            throw e;
        }
    }

    private static Infrastructure startEmbedded(ArchiveConfig config, DataDirectoryOwner owner) {
        Deque<AutoCloseable> toClose = new ArrayDeque<>();
        toClose.push(owner); // released last, after the engines have stopped
        List<EngineSupervisor.Supervised> supervised = new ArrayList<>();
        try {
            String jdbcUrl;
            String user;
            String password = null;
            if (config.databaseUrl().isPresent()) {
                jdbcUrl = config.databaseUrl().get();
                user = config.databaseUser().orElse(null);
                password = config.databasePassword().orElse(null);
            } else {
                long t0 = System.nanoTime();
                Path dir = config.dataDir().resolve("postgres");
                EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dir);
                toClose.push(postgres);
                supervised.add(new EngineSupervisor.Supervised("PostgreSQL", EngineSupervisor.Engine.POSTGRESQL,
                        postgres::isAlive, postgres::restart));
                log.info("Embedded PostgreSQL ready in {} ms (data in {})", (System.nanoTime() - t0) / 1_000_000, dir);
                jdbcUrl = postgres.jdbcUrl();
                user = postgres.user();
            }
            Database database = Database.connectAndMigrate(jdbcUrl, user, password);
            toClose.push(database);

            String esUrl;
            if (config.elasticsearchUrl().isPresent()) {
                esUrl = config.elasticsearchUrl().get();
            } else {
                NodeJvm jvm = new NodeJvm(
                        JavaRuntimes.findJavaExecutable(config.esJavaHome().orElse(null), System.getenv("JAVA_HOME")),
                        config.esHeap(), config.esJavaOptions());
                Path nodeDir = config.esNodeDir().orElseGet(Infrastructure::defaultNodeDir);
                if (config.esNodes() == 1) {
                    EmbeddedElasticsearch node = EmbeddedElasticsearch.start(config.dataDir().resolve("elasticsearch"),
                            nodeDir, jvm);
                    toClose.push(node);
                    supervised.add(new EngineSupervisor.Supervised("Elasticsearch",
                            EngineSupervisor.Engine.ELASTICSEARCH, node::isAlive, node::restart));
                    esUrl = node.url();
                } else {
                    // A folder apart from the single node's: its data would not join a cluster, nor the reverse.
                    EmbeddedCluster cluster = EmbeddedCluster.start(config.dataDir().resolve("elasticsearch-cluster"),
                            config.esNodes(), nodeDir, jvm);
                    toClose.push(cluster);
                    // each node watched on its own, so only the one that died is started again
                    for (int i = 0; i < cluster.nodes().size(); i++) {
                        EmbeddedElasticsearch node = cluster.nodes().get(i);
                        supervised.add(new EngineSupervisor.Supervised("Elasticsearch node-" + (i + 1),
                                EngineSupervisor.Engine.ELASTICSEARCH, node::isAlive, node::restart));
                    }
                    esUrl = cluster.urls();
                }
            }
            owner.publish(new RunningEngines(ProcessHandle.current().pid(),
                    config.databaseUrl().isPresent() ? null : jdbcUrl, user, esUrl));
            EngineSupervisor supervisor = new EngineSupervisor(supervised, Duration.ofMillis(500),
                    Duration.ofSeconds(1), Duration.ofSeconds(15));
            toClose.push(supervisor); // stopped before the engines, so nothing is restarted while shutting down
            return withClients(database, esUrl, config, Optional.of(supervisor), toClose);
        } catch (RuntimeException e) {
            closeAll(toClose);
            throw e;
        }
    }

    /** The two Elasticsearch clients: a patient one for publishing, one that gives up soon for viewers' searches. */
    private static Infrastructure withClients(Database database, String esUrl, ArchiveConfig config,
                                              Optional<EngineSupervisor> supervisor, Deque<AutoCloseable> toClose) {
        ElasticsearchClient client = ElasticsearchClients.create(esUrl, config.elasticsearchApiKey());
        toClose.push(client);
        ElasticsearchClient searchClient = ElasticsearchClients.create(esUrl, config.elasticsearchApiKey(),
                config.searchTimeout());
        toClose.push(searchClient);
        return new Infrastructure(database, client, searchClient, esUrl, supervisor, toClose);
    }

    /** The build puts the node's jars in target/elasticsearch-node, beside target/classes and the jar. */
    static Path defaultNodeDir() {
        try {
            Path code = Path.of(Infrastructure.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path candidate = code.getParent().resolve("elasticsearch-node");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            return Path.of("target", "elasticsearch-node").toAbsolutePath();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public DataSource dataSource() {
        return database.dataSource();
    }

    /** The pool for viewers' requests, with short timeouts. */
    public DataSource readDataSource() {
        return database.readDataSource();
    }

    /** How often embedded engines of each kind were restarted; empty when this process runs none. */
    public Map<EngineSupervisor.Engine, Long> engineRestarts() {
        return supervisor.map(EngineSupervisor::restarts).orElse(Map.of());
    }

    public ElasticsearchClient elasticsearch() {
        return elasticsearch;
    }

    /** The client for viewers' searches: requests give up after {@code TALKS_SEARCH_TIMEOUT_MS} (2 s). */
    public ElasticsearchClient searchClient() {
        return searchClient;
    }

    public String elasticsearchUrl() {
        return elasticsearchUrl;
    }

    /**
     * A command interrupted by Ctrl+C or SIGTERM still stops the engines it started (a serve stops them itself, after
     * its web server and publisher: see {@link #startOwning}).
     */
    private synchronized void stopAtExit() {
        exitHook = new Thread(this::close, "stop-engines");
        Runtime.getRuntime().addShutdownHook(exitHook);
    }

    @Override
    public synchronized void close() {
        closeAll(toClose);
        if (exitHook != null && Thread.currentThread() != exitHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(exitHook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down already: the hook finds nothing left to close
            }
            exitHook = null;
        }
    }

    private static void closeAll(Deque<AutoCloseable> resources) {
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("Failed to close {}: {}", resource.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
