package org.talkarchive;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.talkarchive.config.ArchiveConfig;
import org.talkarchive.importer.ArchiveImporter;
import org.talkarchive.importer.PyvideoCorpusReader;
import org.talkarchive.indexer.ConsistencyCheck;
import org.talkarchive.indexer.IndexDefinition;
import org.talkarchive.indexer.IndexSync;
import org.talkarchive.indexer.Reindexer;
import org.talkarchive.indexer.SearchIndex;
import org.talkarchive.indexer.TalkDocuments;
import org.talkarchive.infra.Infrastructure;
import org.talkarchive.infra.Json;
import org.talkarchive.search.SuggestService;
import org.talkarchive.search.TalkSearchService;
import org.talkarchive.talks.TalkRepository;

/**
 * The composition root: every service of the archive, wired through constructors, over one PostgreSQL and one
 * Elasticsearch. Nothing else creates services.
 */
public final class Archive implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Archive.class);

    private final AutoCloseable infrastructure;
    private final ObjectMapper json;
    private final TalkRepository talks;
    private final TalkSearchService search;
    private final SuggestService suggestions;
    private final SearchIndex index;
    private final IndexSync sync;
    private final Reindexer reindexer;
    private final ConsistencyCheck consistency;
    private final ArchiveImporter importer;

    public Archive(DataSource dataSource, ElasticsearchClient elasticsearch, String indexAlias,
                   AutoCloseable infrastructure) {
        this.infrastructure = infrastructure;
        this.json = Json.create();
        TalkDocuments documents = new TalkDocuments();
        this.talks = new TalkRepository(dataSource);
        this.index = new SearchIndex(elasticsearch, IndexDefinition.load(json), indexAlias, Clock.systemUTC());
        this.search = new TalkSearchService(elasticsearch, indexAlias, talks);
        this.suggestions = new SuggestService(elasticsearch, indexAlias, talks);
        this.sync = new IndexSync(dataSource, index, documents, 500);
        this.reindexer = new Reindexer(dataSource, index, documents, Duration.ofSeconds(2));
        this.consistency = new ConsistencyCheck(dataSource, index, documents);
        this.importer = new ArchiveImporter(dataSource, new PyvideoCorpusReader(json), json);
    }

    /** Connects to (or starts) PostgreSQL and Elasticsearch as the configuration says. */
    public static Archive start(ArchiveConfig config) {
        Infrastructure infrastructure = Infrastructure.start(config);
        return new Archive(infrastructure.dataSource(), infrastructure.elasticsearch(), config.indexAlias(),
                infrastructure);
    }

    /** Builds the index if there is none, or if it was built from an older definition. */
    public void ensureIndex() {
        if (!index.isCurrent()) {
            log.info("The search index is missing or outdated; building it from PostgreSQL");
            reindexer.reindex();
        }
    }

    /**
     * Before serving: with no index at all, build one now (there is nothing to search yet); with one built from an
     * older definition, keep searching it and rebuild in the background, swapping when done.
     */
    public void prepareIndexForServing() {
        if (index.indicesBehindAlias().isEmpty()) {
            ensureIndex();
        } else if (!index.isCurrent()) {
            Thread rebuild = new Thread(() -> {
                try {
                    log.info("The search index was built from an older definition; rebuilding it in the background");
                    reindexer.reindex();
                } catch (RuntimeException e) {
                    log.error("Background reindex failed; searches keep using the old index", e);
                }
            }, "reindex");
            rebuild.setDaemon(true);
            rebuild.start();
        }
    }

    /** Runs the sync in a background thread until the returned handle is closed. */
    public AutoCloseable startBackgroundSync(Duration idlePoll) {
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread thread = new Thread(() -> sync.follow(idlePoll, running::get), "index-sync");
        thread.setDaemon(true);
        thread.start();
        return () -> {
            running.set(false);
            thread.interrupt();
            thread.join(10_000);
        };
    }

    public ObjectMapper json() {
        return json;
    }

    public TalkRepository talks() {
        return talks;
    }

    public TalkSearchService search() {
        return search;
    }

    public SuggestService suggestions() {
        return suggestions;
    }

    public SearchIndex index() {
        return index;
    }

    public IndexSync sync() {
        return sync;
    }

    public Reindexer reindexer() {
        return reindexer;
    }

    public ConsistencyCheck consistency() {
        return consistency;
    }

    public ArchiveImporter importer() {
        return importer;
    }

    @Override
    public void close() {
        try {
            infrastructure.close();
        } catch (Exception e) {
            log.warn("Closing the infrastructure failed: {}", e.toString());
        }
    }
}
