package org.talkarchive.infra.postgres;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Tells a PostgreSQL that cannot answer now (gone, restarting, stuck) from a real error in a statement. */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    /** True when anything in the cause chain says PostgreSQL is unavailable, not that the request was wrong. */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof ConnectException
                    || t instanceof SocketTimeoutException) {
                return true; // no connection within the pool's timeout; refused; no answer on the socket
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 08: connection exceptions; 57P: shutting down or starting; 57014: statement timeout; 53: resources
                if (state.startsWith("08") || state.startsWith("57P") || state.equals("57014")
                        || state.startsWith("53")) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
