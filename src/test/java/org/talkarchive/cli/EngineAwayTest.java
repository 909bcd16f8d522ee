package org.talkarchive.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class EngineAwayTest {

    @Test
    void aRefusedConnectionToElasticsearchIsOneLineNamingIt() {
        Exception failure = new UncheckedIOException(new ConnectException("Connection refused"));

        assertThat(EngineAway.describe(failure)).hasValueSatisfying(line -> assertThat(line)
                .startsWith("Elasticsearch could not be reached (Connection refused)").doesNotContain("\n"));
    }

    @Test
    void aConnectionFailureUnderAnSqlExceptionIsPostgresql() {
        Exception failure = new IllegalStateException("Sync failed", new SQLException(
                "Connection to 127.0.0.1:5432 refused", "08001", new ConnectException("Connection refused")));

        assertThat(EngineAway.describe(failure)).hasValueSatisfying(line -> assertThat(line)
                .startsWith("PostgreSQL could not be reached (Connection to 127.0.0.1:5432 refused)"));
    }

    @Test
    void anyOtherFailureIsNotDescribed() {
        assertThat(EngineAway.describe(new IllegalStateException("a bug"))).isEmpty();
        assertThat(EngineAway.describe(new SQLException("syntax error", "42601"))).isEmpty();
    }
}
