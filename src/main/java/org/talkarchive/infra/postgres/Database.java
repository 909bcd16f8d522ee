package org.talkarchive.infra.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The connection pools, with the schema migrated to the newest version before first use.
 *
 * <p>Two pools, because two kinds of work have opposite needs. Viewers' requests ({@link #readDataSource()}) must
 * fail fast when PostgreSQL is gone or stuck, so a page can answer 503 within about two seconds instead of holding
 * a thread: a short wait for a connection, a statement timeout and a socket timeout. Imports, publishing and
 * reindexing ({@link #dataSource()}) run long statements and streams, so they get no statement timeout.
 */
public final class Database implements AutoCloseable {

    private static final int READ_STATEMENT_TIMEOUT_MS = 2_000;

    private final HikariDataSource dataSource;
    private final AnsweringPool readDataSource;

    private Database(HikariDataSource dataSource, AnsweringPool readDataSource) {
        this.dataSource = dataSource;
        this.readDataSource = readDataSource;
    }

    /**
     * Brings the schema up to date: a new database from the baseline (B16__archive_schema.sql), then the versioned
     * migrations after it and R__talk_projection.sql. A database made before the baseline has versions 1 to 16 in
     * its history. The files of 1 to 15 are gone (folded into the baseline): they are ignored, as missing
     * migrations. V16's file stays as it was applied, so such a database is at a version Flyway still knows (it
     * would warn at every start that the database is newer than the archive), and goes on from there.
     */
    public static void migrate(DataSource dataSource) {
        flyway(dataSource).migrate();
    }

    /** Flyway as the archive runs it on this database: where its migrations are, and what it may ignore. */
    public static Flyway flyway(DataSource dataSource) {
        return Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
                .ignoreMigrationPatterns("*:future", "*:missing")
                .load();
    }

    public static Database connectAndMigrate(String jdbcUrl, String user, String password) {
        HikariConfig work = config(jdbcUrl, user, password, "talk-archive");
        work.setMaximumPoolSize(10);
        work.setConnectionTimeout(5_000);
        work.setInitializationFailTimeout(30_000);
        work.addDataSourceProperty("connectTimeout", "2");
        work.addDataSourceProperty("tcpKeepAlive", "true");
        // An import's batches of speakers, tags and videos go as multi-row INSERTs: one statement (and one run of
        // each statement-level trigger) for many rows instead of one for each.
        work.addDataSourceProperty("reWriteBatchedInserts", "true");
        HikariDataSource dataSource = new HikariDataSource(work);
        try {
            migrate(dataSource);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        HikariConfig read = config(jdbcUrl, user, password, "talk-archive-read");
        read.setMaximumPoolSize(10);
        read.setConnectionTimeout(1_000);
        read.setValidationTimeout(500);
        read.setInitializationFailTimeout(-1); // a pool that starts empty; requests find out on their own
        read.addDataSourceProperty("connectTimeout", "1");
        read.addDataSourceProperty("socketTimeout", "5");
        read.addDataSourceProperty("options", "-c statement_timeout=" + READ_STATEMENT_TIMEOUT_MS);
        return new Database(dataSource, new AnsweringPool(new HikariDataSource(read), jdbcUrl, user, password));
    }

    private static HikariConfig config(String jdbcUrl, String user, String password, String name) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setPoolName(name);
        return config;
    }

    /** For imports, publishing, reindexing and checks: no statement timeout. */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * For viewers' requests: fails within about two seconds when PostgreSQL is unavailable, and within about one when
     * it is frozen (see {@link AnsweringPool}).
     */
    public DataSource readDataSource() {
        return readDataSource;
    }

    @Override
    public void close() {
        readDataSource.close();
        dataSource.close();
    }
}
