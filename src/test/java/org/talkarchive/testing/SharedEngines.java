package org.talkarchive.testing;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;
import org.postgresql.ds.PGSimpleDataSource;
import org.talkarchive.infra.elasticsearch.ElasticsearchClients;
import org.talkarchive.infra.elasticsearch.EmbeddedElasticsearch;
import org.talkarchive.infra.elasticsearch.JavaRuntimes;
import org.talkarchive.infra.elasticsearch.NodeJvm;
import org.talkarchive.infra.postgres.Database;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.elasticsearch.ElasticsearchContainer;

/**
 * One real PostgreSQL and one real Elasticsearch for a whole test run: embedded (the default), or containers
 * when the build says {@code -Pcontainers}. Each test then gets a database of its own, cloned from a migrated
 * template, and an index alias of its own.
 */
final class SharedEngines implements AutoCloseable {

    private static final String TEMPLATE = "archive_template";

    private final String jdbcBase;     // jdbc:postgresql://host:port/
    private final String user;
    private final String password;
    private final String elasticsearchUrl;
    private final AutoCloseable[] owned;

    private SharedEngines(String jdbcBase, String user, String password, String elasticsearchUrl,
                          AutoCloseable... owned) {
        this.jdbcBase = jdbcBase;
        this.user = user;
        this.password = password;
        this.elasticsearchUrl = elasticsearchUrl;
        this.owned = owned;
    }

    // The engines of this test run: Jupiter's tests (RealEngines) and jqwik's (StandaloneArchive) share them, and
    // EnginesForTheRun stops them when the run's launcher session closes. A field of the class, since the two test
    // engines share nothing else; guarded by the class's lock.
    private static SharedEngines forThisRun;

    /** The engines of this test run, started on first use. */
    static synchronized SharedEngines forThisRun() {
        if (forThisRun == null) {
            forThisRun = start();
        }
        return forThisRun;
    }

    /** Stops the run's engines, if any were started. */
    static synchronized void stopForThisRun() throws Exception {
        if (forThisRun != null) {
            try {
                forThisRun.close();
            } finally {
                forThisRun = null;
            }
        }
    }

    private static SharedEngines start() {
        String mode = System.getProperty("talks.test.infrastructure", "embedded");
        SharedEngines engines = "containers".equals(mode) ? containers() : embedded();
        engines.createTemplate();
        return engines;
    }

    private static SharedEngines embedded() {
        try {
            Path work = Files.createTempDirectory("talk-archive-test");
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(work.resolve("postgres"))
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
            Path nodeDir = Path.of(System.getProperty("talks.elasticsearch.node.dir", "target/elasticsearch-node"));
            EmbeddedElasticsearch node = EmbeddedElasticsearch.start(work.resolve("elasticsearch"), nodeDir,
                    new NodeJvm(JavaRuntimes.findJavaExecutable(System.getenv("ES_JAVA_HOME"),
                            System.getenv("JAVA_HOME")), "768m", ShortLivedJvms.options()));
            String jdbc = postgres.getJdbcUrl("postgres", "postgres");
            return new SharedEngines(jdbc.substring(0, jdbc.lastIndexOf('/') + 1), "postgres", null, node.url(),
                    node, postgres);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("resource")
    private static SharedEngines containers() {
        PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:17");
        postgres.start();
        ElasticsearchContainer elasticsearch = new ElasticsearchContainer(
                "docker.elastic.co/elasticsearch/elasticsearch:9.5.3")
                .withEnv("xpack.security.enabled", "false")
                .withEnv("ES_JAVA_OPTS", "-Xms768m -Xmx768m");
        elasticsearch.start();
        String jdbc = postgres.getJdbcUrl();
        String base = jdbc.substring(0, jdbc.lastIndexOf('/') + 1);
        return new SharedEngines(base, postgres.getUsername(), postgres.getPassword(),
                "http://" + elasticsearch.getHttpHostAddress(), elasticsearch, postgres);
    }

    private void createTemplate() {
        execute("postgres", "DROP DATABASE IF EXISTS " + TEMPLATE);
        execute("postgres", "CREATE DATABASE " + TEMPLATE);
        Database.migrate(dataSource(TEMPLATE));
    }

    /** A new, migrated database and a new alias for one test. */
    TestArchive newArchive() {
        String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute("postgres", "CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
        ElasticsearchClient client = ElasticsearchClients.create(elasticsearchUrl, Optional.empty());
        // dropped when the test is done, so a run leaves neither databases nor indices behind
        return new TestArchive(dataSource(name), client, "talks_" + name, elasticsearchUrl,
                () -> execute("postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
    }

    PGSimpleDataSource dataSource(String database) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcBase + database);
        ds.setUser(user);
        if (password != null) {
            ds.setPassword(password);
        }
        return ds;
    }

    private void execute(String database, String sql) {
        try (Connection c = dataSource(database).getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable resource : owned) {
            resource.close();
        }
    }
}
