package org.talkarchive.infra;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.talkarchive.config.ArchiveConfig;
import org.talkarchive.infra.elasticsearch.ElasticsearchClients;
import org.talkarchive.infra.elasticsearch.EmbeddedElasticsearch;
import org.talkarchive.infra.elasticsearch.JavaRuntimes;
import org.talkarchive.infra.postgres.Database;
import org.talkarchive.infra.postgres.EmbeddedPostgresServer;

/**
 * PostgreSQL and Elasticsearch for one run of the archive: the external ones the configuration names, or embedded
 * ones started here (and stopped, in reverse order, on close).
 */
public final class Infrastructure implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Infrastructure.class);

    private final Database database;
    private final ElasticsearchClient elasticsearch;
    private final String elasticsearchUrl;
    private final Deque<AutoCloseable> toClose;

    private Infrastructure(Database database, ElasticsearchClient elasticsearch, String elasticsearchUrl,
                           Deque<AutoCloseable> toClose) {
        this.database = database;
        this.elasticsearch = elasticsearch;
        this.elasticsearchUrl = elasticsearchUrl;
        this.toClose = toClose;
    }

    public static Infrastructure start(ArchiveConfig config) {
        Deque<AutoCloseable> toClose = new ArrayDeque<>();
        try {
            Database database;
            if (config.databaseUrl().isPresent()) {
                database = Database.connectAndMigrate(config.databaseUrl().get(),
                        config.databaseUser().orElse(null), config.databasePassword().orElse(null));
            } else {
                long t0 = System.nanoTime();
                EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(config.dataDir().resolve("postgres"));
                toClose.push(postgres);
                log.info("Embedded PostgreSQL ready in {} ms (data in {})", (System.nanoTime() - t0) / 1_000_000,
                        config.dataDir().resolve("postgres"));
                database = Database.connectAndMigrate(postgres.jdbcUrl(), postgres.user(), null);
            }
            toClose.push(database);

            String esUrl;
            if (config.elasticsearchUrl().isPresent()) {
                esUrl = config.elasticsearchUrl().get();
            } else {
                Path java = JavaRuntimes.findJavaExecutable(config.esJavaHome().orElse(null), System.getenv("JAVA_HOME"));
                EmbeddedElasticsearch node = EmbeddedElasticsearch.start(config.dataDir().resolve("elasticsearch"),
                        config.esNodeDir().orElseGet(Infrastructure::defaultNodeDir), java, config.esHeap());
                toClose.push(node);
                esUrl = node.url();
            }
            ElasticsearchClient client = ElasticsearchClients.create(esUrl, config.elasticsearchApiKey());
            toClose.push(client);
            return new Infrastructure(database, client, esUrl, toClose);
        } catch (RuntimeException e) {
            closeAll(toClose);
            throw e;
        }
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

    public ElasticsearchClient elasticsearch() {
        return elasticsearch;
    }

    public String elasticsearchUrl() {
        return elasticsearchUrl;
    }

    @Override
    public void close() {
        closeAll(toClose);
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
