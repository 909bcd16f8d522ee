package org.talkarchive.infra.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on the channel {@code search_change} (see {@code B16__archive_schema.sql}) on a connection of its own and
 * tells a waiting publisher when a transaction that recorded changes has committed. A notification that arrives
 * while the publisher is busy waits in the connection, so none is lost between waits. When the connection breaks,
 * {@link #await} waits out its timeout like a poll and reconnects on the next call: publishing falls back to
 * polling, never stops. Used by one thread (the publisher's).
 */
public final class ChangeNotifications implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChangeNotifications.class);
    private static final String LISTEN = """
            LISTEN search_change
            """;
    private static final String UNLISTEN = """
            UNLISTEN *
            """;

    private final DataSource dataSource;
    private Connection connection;
    private PGConnection listening;

    public ChangeNotifications(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @return true when a change was committed since the last call, false after the timeout */
    public boolean await(Duration timeout) {
        if (listening == null && !listen()) {
            sleep(timeout);
            return false;
        }
        try {
            // getNotifications(ms) blocks on the socket up to ms (0 would mean forever) and returns all queued at once.
            PGNotification[] notifications = listening.getNotifications((int) Math.max(1, timeout.toMillis()));
            return notifications != null && notifications.length > 0;
        } catch (SQLException e) {
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
            log.warn("Listening for changes failed, polling until it works again: {}", e.getMessage());
            close();
            return false;
        }
    }

    private boolean listen() {
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(true); // LISTEN takes effect at commit
            try (Statement statement = connection.createStatement()) {
                statement.execute(LISTEN);
            }
            listening = connection.unwrap(PGConnection.class);
            return true;
        } catch (SQLException e) {
            log.debug("Cannot listen for changes yet: {}", e.getMessage());
            close();
            return false;
        }
    }

    private static void sleep(Duration timeout) {
        try {
            Thread.sleep(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        listening = null;
        if (connection != null) {
            // The connection goes back to the pool: it must not keep collecting notifications nobody reads.
            try (Statement statement = connection.createStatement()) {
                statement.execute(UNLISTEN);
            } catch (SQLException e) {
                log.debug("UNLISTEN on the way out: {}", e.getMessage());
            }
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("Closing the listening connection: {}", e.getMessage());
            }
            connection = null;
        }
    }
}
