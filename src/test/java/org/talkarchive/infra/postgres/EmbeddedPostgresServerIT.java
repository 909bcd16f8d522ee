package org.talkarchive.infra.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

@Tag("fault")
class EmbeddedPostgresServerIT {

    @TempDir
    Path dir;

    /** Run in a JVM of its own: starts PostgreSQL on a directory, writes a row, and waits to be killed. */
    public static void main(String[] args) throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(Path.of(args[0]))
                .setCleanDataDirectory(false).start();
        try (Connection c = DriverManager.getConnection(postgres.getJdbcUrl("postgres", "postgres"))) {
            c.createStatement().execute("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')");
        }
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    @Test
    void aServerLeftRunningByAKilledRunIsStoppedAndTheDataKept() throws Exception {
        Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EmbeddedPostgresServerIT.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(run.getInputStream()))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("ready")) {
                // startup output
            }
        }
        run.destroyForcibly().waitFor(); // SIGKILL: the JVM cannot stop its PostgreSQL
        long orphanPid = Long.parseLong(Files.readAllLines(dir.resolve("postmaster.pid")).get(0).trim());
        assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false)).as("orphan running").isTrue();

        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir);
             Connection c = DriverManager.getConnection(server.jdbcUrl());
             ResultSet rs = c.createStatement().executeQuery("SELECT v FROM kept")) {
            assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("still here");
        }
    }

    /** The embedding library turns fsync and synchronous commit off by default; the archive's server must not. */
    @Test
    void keepsPostgresDurabilityDefaults() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir);
             Connection c = DriverManager.getConnection(server.jdbcUrl())) {
            for (String setting : new String[] {"fsync", "synchronous_commit", "full_page_writes"}) {
                try (ResultSet rs = c.createStatement().executeQuery("SHOW " + setting)) {
                    rs.next();
                    assertThat(rs.getString(1)).as(setting).isEqualTo("on");
                }
            }
        }
    }

    @Test
    void aKilledServerIsStartedAgainOnTheSamePortWithItsData() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir)) {
            String url = server.jdbcUrl();
            try (Connection c = DriverManager.getConnection(url)) {
                c.createStatement().execute("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('committed')");
            }
            long pid = server.pid();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());
            assertThat(server.isAlive()).isFalse();

            server.restart();
            assertThat(server.isAlive()).isTrue();
            assertThat(server.jdbcUrl()).isEqualTo(url);
            try (Connection c = DriverManager.getConnection(url);
                 ResultSet rs = c.createStatement().executeQuery("SELECT v FROM kept")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("committed");
            }
        }
    }

    @Test
    void aStaleLockFileOfAnotherProgramIsLeftAlone() throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n" + dir + "\n");
        EmbeddedPostgresServer.stopOrphan(dir); // our own JVM's pid, not a postgres: must survive
        assertThat(ProcessHandle.current().isAlive()).isTrue();
        assertThat(dir.resolve("postmaster.pid")).exists();
    }
}
