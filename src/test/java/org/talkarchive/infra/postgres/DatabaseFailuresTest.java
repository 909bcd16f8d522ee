package org.talkarchive.infra.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class DatabaseFailuresTest {

    @Test
    void connectionTroubleAnywhereInTheChainMeansUnavailable() {
        assertThat(DatabaseFailures.isUnavailable(new IllegalStateException(
                new SQLTransientConnectionException("pool timed out")))).isTrue();
        assertThat(DatabaseFailures.isUnavailable(new SQLException("refused", "08001"))).isTrue();
        assertThat(DatabaseFailures.isUnavailable(new SQLException("shutting down", "57P01"))).isTrue();
        assertThat(DatabaseFailures.isUnavailable(new SQLException("statement timeout", "57014"))).isTrue();
        assertThat(DatabaseFailures.isUnavailable(new RuntimeException(new ConnectException("refused")))).isTrue();
    }

    @Test
    void jdbisWrappersAreSeenThrough() {
        // no connection from the pool in time (HikariCP), as JDBI reports it
        assertThat(DatabaseFailures.isUnavailable(new ConnectionException(
                new SQLTransientConnectionException("talk-archive-read - Connection is not available")))).isTrue();
        // the server went away, or the read pool's statement timeout fired, during a statement
        assertThat(DatabaseFailures.isUnavailable(new UnableToExecuteStatementException(
                new SQLException("terminating connection due to administrator command", "57P01"), null))).isTrue();
        assertThat(DatabaseFailures.isUnavailable(new UnableToExecuteStatementException(
                new SQLException("canceling statement due to statement timeout", "57014"), null))).isTrue();
        assertThat(DatabaseFailures.isUnavailable(new UnableToExecuteStatementException(
                new SQLException("syntax error", "42601"), null))).isFalse();
    }

    @Test
    void aRefusedConnectionThroughJdbiMeansUnavailable() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort(); // closed again below: nothing listens there
        }
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setServerNames(new String[] {"127.0.0.1"});
        nowhere.setPortNumbers(new int[] {port});
        nowhere.setConnectTimeout(1);
        Jdbi jdbi = Jdbis.create(nowhere);

        Throwable failure = catchThrowable(() -> jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()));

        assertThat(failure).isInstanceOf(ConnectionException.class);
        assertThat(DatabaseFailures.isUnavailable(failure)).isTrue();
    }

    @Test
    void aWrongStatementIsNotUnavailability() {
        assertThat(DatabaseFailures.isUnavailable(new SQLException("syntax error", "42601"))).isFalse();
        assertThat(DatabaseFailures.isUnavailable(new SQLException("unique violation", "23505"))).isFalse();
        assertThat(DatabaseFailures.isUnavailable(new IllegalArgumentException("bad"))).isFalse();
    }
}
