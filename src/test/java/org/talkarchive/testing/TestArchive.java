package org.talkarchive.testing;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.talkarchive.Archive;
import org.talkarchive.importer.ImportProgress;
import org.talkarchive.importer.ImportReport;
import org.talkarchive.infra.postgres.Jdbis;
import org.talkarchive.search.SearchPage;
import org.talkarchive.search.TalkQuery;

/** An {@link Archive} on a database and an index alias of its own, with helpers for tests. */
public final class TestArchive implements AutoCloseable {

    private final DataSource dataSource;
    private final Jdbi jdbi;
    private final ElasticsearchClient client;
    private final String alias;
    private final String elasticsearchUrl;
    private final Archive archive;
    private final Runnable dropDatabase;

    TestArchive(DataSource dataSource, ElasticsearchClient client, String alias, String elasticsearchUrl,
                Runnable dropDatabase) {
        this.dropDatabase = dropDatabase;
        this.dataSource = dataSource;
        this.jdbi = Jdbis.create(dataSource);
        this.client = client;
        this.alias = alias;
        this.elasticsearchUrl = elasticsearchUrl;
        this.archive = new Archive(Archive.Engines.shared(dataSource, client), Archive.Settings.of(alias));
    }

    public Archive archive() {
        return archive;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** This test's database, as the archive's services use it. */
    public Jdbi jdbi() {
        return jdbi;
    }

    public ElasticsearchClient client() {
        return client;
    }

    public String alias() {
        return alias;
    }

    public String elasticsearchUrl() {
        return elasticsearchUrl;
    }

    public ImportReport importCorpus(Path folder) {
        return archive.importer().importCorpus(folder, ImportProgress.NONE);
    }

    /** Imports and publishes (a full build), and refreshes so searches see everything. */
    public ImportReport importAndPublish(Path folder) {
        ImportReport report = importCorpus(folder);
        archive.ensureIndex();
        archive.sync().syncAll();
        archive.index().refresh();
        return report;
    }

    /** Searches as a URL would: name, value, name, value…; a name may repeat. */
    public SearchPage search(String... params) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            map.computeIfAbsent(params[i], k -> new ArrayList<>()).add(params[i + 1]);
        }
        return archive.search().search(TalkQuery.parse(map, Set.of()));
    }

    public void publish() {
        archive.sync().syncAll();
        archive.index().refresh();
    }

    public int update(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public long count(String sql, Object... params) {
        return longs(sql, params).get(0);
    }

    public List<Long> longs(String sql, Object... params) {
        return query(sql, rs -> rs.getLong(1), params);
    }

    public List<String> strings(String sql, Object... params) {
        return query(sql, rs -> rs.getString(1), params);
    }

    private interface Column<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, Column<T> column, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<T> values = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(column.read(rs));
                }
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes this test's indices (and so its alias) and its database. */
    @Override
    public void close() throws Exception {
        try {
            client.indices().delete(d -> d.index(alias + "-v*").ignoreUnavailable(true).allowNoIndices(true));
        } finally {
            client.close();
            dropDatabase.run();
        }
    }
}
