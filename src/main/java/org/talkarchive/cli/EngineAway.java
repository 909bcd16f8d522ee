package org.talkarchive.cli;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Tells a command's failure because an engine could not be reached (refused, reset, timed out) from a bug. The first
 * is the operator's to fix and needs one line naming the engine; a stack trace would only hide that line.
 */
final class EngineAway {

    private EngineAway() {
    }

    /** One line for a failure to reach PostgreSQL or Elasticsearch; empty for any other failure. */
    static Optional<String> describe(Throwable failure) {
        Throwable network = null;
        boolean postgres = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            // PgJDBC says "connection failure" by SQLState class 08, whatever the socket said underneath
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                postgres = true;
                network = network == null ? t : network;
            }
            if (network == null && isNetwork(t)) {
                network = t;
            }
            if (t instanceof SQLException) {
                postgres = true;
            }
        }
        if (network == null) {
            return Optional.empty();
        }
        String engine = postgres ? "PostgreSQL" : "Elasticsearch";
        String reason = network.getMessage() == null || network.getMessage().isBlank()
                ? network.getClass().getSimpleName() : network.getMessage();
        return Optional.of(engine + " could not be reached (" + reason + "). A serve that runs the embedded"
                + " engines starts a dead one again within seconds: try again then.");
    }

    private static boolean isNetwork(Throwable t) {
        return t instanceof ConnectException || t instanceof NoRouteToHostException
                || t instanceof SocketTimeoutException || t instanceof UnknownHostException
                || t instanceof SocketException
                || t instanceof org.apache.hc.core5.http.ConnectionClosedException
                || t instanceof org.apache.hc.core5.http.NoHttpResponseException;
    }
}
