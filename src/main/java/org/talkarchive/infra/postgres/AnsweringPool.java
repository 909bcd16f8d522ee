package org.talkarchive.infra.postgres;

import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.slf4j.LoggerFactory;

/**
 * The viewers' pool, failing fast while PostgreSQL does not answer at all.
 *
 * <p>A server that is frozen (SIGSTOP, a hung disk or host) keeps its sockets open: new connections are accepted by
 * the kernel and then never greeted, and queries on open ones are never answered, so a page waited out the 5 s socket
 * timeout, and so did {@code /ready}. The statement timeout cannot help (the server that would enforce it is frozen),
 * and a shorter socket timeout would cut queries that legitimately take up to it. So a thread of its own pings the
 * server every {@link #PING_EVERY} on a connection of its own that gives up after {@link #PING_TIMEOUT}. While a ping
 * fails, a request gets no connection (it fails at once, and the page answers 503 with Retry-After), and the
 * connections lent are aborted, so whoever waits on one hears of it now. The first ping that is answered ends it.
 */
final class AnsweringPool implements DataSource, AutoCloseable {

    private static final org.slf4j.Logger log = LoggerFactory.getLogger(AnsweringPool.class);

    static final Duration PING_EVERY = Duration.ofMillis(250);
    static final Duration PING_TIMEOUT = Duration.ofSeconds(1);
    private static final String PING = """
            SELECT 1
            """;

    private final HikariDataSource pool;
    private final String jdbcUrl;
    private final Properties pingProperties;
    /** Connections handed out and not yet closed. */
    private final Set<Connection> lent = ConcurrentHashMap.newKeySet();
    private final ExecutorService aborts = Executors.newCachedThreadPool(r -> daemon(r, "postgres-abort"));
    private final Thread watch;
    private volatile boolean answering = true;
    private volatile boolean running = true;
    private Connection pingConnection; // the watch thread's alone

    AnsweringPool(HikariDataSource pool, String jdbcUrl, String user, String password) {
        this.pool = pool;
        this.jdbcUrl = jdbcUrl;
        this.pingProperties = new Properties();
        if (user != null) {
            pingProperties.setProperty("user", user);
        }
        if (password != null) {
            pingProperties.setProperty("password", password);
        }
        pingProperties.setProperty("connectTimeout", Long.toString(PING_TIMEOUT.toSeconds()));
        pingProperties.setProperty("socketTimeout", Long.toString(PING_TIMEOUT.toSeconds()));
        pingProperties.setProperty("ApplicationName", "talk-archive-ping");
        this.watch = daemon(this::watch, "postgres-watch");
        watch.start();
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    private void watch() {
        while (running) {
            boolean answered = ping();
            if (!answered) {
                if (answering) {
                    answering = false;
                    log.warn("PostgreSQL does not answer within {} ms; viewers' requests fail at once until it does",
                            PING_TIMEOUT.toMillis());
                }
                // Again after every failed ping: one that raced the first failure past the check in getConnection()
                // would otherwise wait out the socket timeout.
                abortLent();
            } else if (!answering) {
                answering = true;
                log.info("PostgreSQL answers again");
            }
            try {
                Thread.sleep(PING_EVERY.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private boolean ping() {
        try {
            if (pingConnection == null) {
                pingConnection = DriverManager.getConnection(jdbcUrl, pingProperties);
            }
            try (Statement statement = pingConnection.createStatement()) {
                statement.execute(PING);
            }
            return true;
        } catch (SQLException e) {
            log.debug("Ping failed: {}", e.getMessage());
            closePing();
            return false;
        }
    }

    private void closePing() {
        if (pingConnection != null) {
            try {
                pingConnection.abort(aborts); // close() would first try to talk to the frozen server
            } catch (SQLException e) {
                log.debug("Dropping the ping connection: {}", e.getMessage());
            }
            pingConnection = null;
        }
    }

    /**
     * Aborts every connection lent: the server has not answered a ping for {@link #PING_TIMEOUT}, so whatever waits on
     * one waits on a server that does not answer, however recently it was lent.
     */
    private void abortLent() {
        lent.forEach(connection -> {
            try {
                connection.abort(aborts);
            } catch (SQLException | RuntimeException e) {
                log.debug("Aborting a connection: {}", e.getMessage());
            }
        });
    }

    /** False while PostgreSQL does not answer the pings. */
    boolean answering() {
        return answering;
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (!answering) {
            throw new SQLTransientConnectionException("PostgreSQL does not answer (no answer to a ping within "
                    + PING_TIMEOUT.toMillis() + " ms)", "08001");
        }
        Connection connection = pool.getConnection();
        lent.add(connection);
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        lent.remove(connection);
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the pool's credentials are fixed");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    /** The pool underneath (for its metrics). */
    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(pool) ? type.cast(pool) : pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(pool) || pool.isWrapperFor(type);
    }

    @Override
    public void close() {
        running = false;
        watch.interrupt();
        try {
            watch.join(PING_TIMEOUT.multipliedBy(3).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (pingConnection != null) {
            try {
                pingConnection.close();
            } catch (SQLException e) {
                log.debug("Closing the ping connection: {}", e.getMessage());
            }
            pingConnection = null;
        }
        aborts.shutdown();
        pool.close();
    }
}
