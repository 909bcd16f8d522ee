package org.talkarchive.infra.postgres;

import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.jdbi.v3.core.statement.TemplateEngine;

/**
 * How the archive talks SQL: JDBI over one of the pools of {@link Database}, with named parameters ({@code :ids})
 * in SQL text blocks. One {@link Jdbi} per pool; it keeps the pool's timeouts.
 */
public final class Jdbis {

    private Jdbis() {
    }

    public static Jdbi create(DataSource pool) {
        Jdbi jdbi = Jdbi.create(pool);
        // SQL is taken as written: no <name> templates, so a comparison such as a<b is never read as one.
        jdbi.getConfig(SqlStatements.class).setTemplateEngine(TemplateEngine.NOP);
        // A failure's message is the driver's alone: the statement is in the code, and its arguments may be
        // what a viewer typed (the message reaches logs and /ready).
        jdbi.getConfig(StatementExceptions.class).setMessageRendering(StatementExceptions.MessageRendering.NONE);
        return jdbi;
    }
}
