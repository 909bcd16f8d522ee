package org.talkarchive.infra.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

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
    void aWrongStatementIsNotUnavailability() {
        assertThat(DatabaseFailures.isUnavailable(new SQLException("syntax error", "42601"))).isFalse();
        assertThat(DatabaseFailures.isUnavailable(new SQLException("unique violation", "23505"))).isFalse();
        assertThat(DatabaseFailures.isUnavailable(new IllegalArgumentException("bad"))).isFalse();
    }
}
