package org.talkarchive.infra.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.talkarchive.testing.RealEngines;
import org.talkarchive.testing.TestArchive;

/**
 * The schema's migrations on a real PostgreSQL: a new database is built by the baseline, and a database made by the
 * versioned migrations the baseline replaced (their files gone) goes on from its version without running it.
 */
@ExtendWith(RealEngines.class)
class MigrationsIT {

    /**
     * The versioned migrations the baseline B16 replaced, as a database made by them has them in its history; their
     * files are gone, but for V16's.
     */
    private static final List<String> BEFORE_THE_BASELINE = List.of("1 archive schema", "2 resilience",
            "3 talk projection", "4 trigram lookups", "5 speaker aliases", "6 duplicate key",
            "7 admin jobs and audit", "8 transcripts", "9 change notify", "10 curation", "13 other recordings",
            "14 recording keys", "15 talk embeddings");

    @Test
    void aNewDatabaseIsBuiltByTheBaselineAndThenTheViews(TestArchive t) {
        assertThat(history(t)).containsExactly("16 SQL_BASELINE archive schema", "null SQL talk projection");
        assertThat(t.count("SELECT count(*) FROM talk_projection")).isZero();
    }

    @Test
    void aDatabaseMadeBeforeTheBaselineGoesOnFromItsVersionWithoutRunningIt(TestArchive t) {
        // the history such a database has: versions 1 to 15, 16 as its file is, then the views
        t.update("DELETE FROM flyway_schema_history WHERE type = 'SQL_BASELINE'");
        int rank = 100;
        for (String migration : BEFORE_THE_BASELINE) {
            String[] versionAndName = migration.split(" ", 2);
            applied(t, rank++, versionAndName[0], versionAndName[1], 12345);
        }
        MigrationInfo v16 = Arrays.stream(Database.flyway(t.dataSource()).info().all())
                .filter(m -> m.getScript().startsWith("V16__"))
                .findFirst().orElseThrow();
        applied(t, rank, "16", v16.getDescription(), v16.getChecksum());
        t.update("INSERT INTO event (slug, title) VALUES ('kept', 'An event made before')");
        List<String> before = history(t);

        Database.migrate(t.dataSource());

        assertThat(history(t)).as("nothing run: neither the baseline nor the views again").isEqualTo(before)
                .doesNotContain("16 SQL_BASELINE archive schema").contains("16 SQL talk projection repeatable");
        assertThat(Database.flyway(t.dataSource()).info().current().getVersion().getVersion()).isEqualTo("16");
        assertThat(t.strings("SELECT title FROM event WHERE slug = 'kept'")).containsExactly("An event made before");
    }

    private static void applied(TestArchive t, int rank, String version, String description, int checksum) {
        t.update("""
                INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,
                                                   installed_by, execution_time, success)
                VALUES (?, ?, ?, 'SQL', ?, ?, 'postgres', 10, true)""", rank, version, description,
                "V" + version + "__" + description.replace(' ', '_') + ".sql", checksum);
    }

    private static List<String> history(TestArchive t) {
        return t.strings("SELECT coalesce(version, 'null') || ' ' || type || ' ' || description"
                + " FROM flyway_schema_history ORDER BY installed_rank");
    }
}
