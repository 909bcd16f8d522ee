package org.talkarchive;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.talkarchive.admin.AdminJobs;
import org.talkarchive.admin.AdminSessions;
import org.talkarchive.admin.AuditLog;
import org.talkarchive.admin.IndexStatus;
import org.talkarchive.admin.SignInLimiter;
import org.talkarchive.config.ArchiveConfig;
import org.talkarchive.config.SiteConfig;
import org.talkarchive.curation.ProblemReports;
import org.talkarchive.curation.ReportAllowance;
import org.talkarchive.curation.ReportRateLimiter;
import org.talkarchive.curation.SpeakerMerge;
import org.talkarchive.curation.TalkEditing;
import org.talkarchive.health.EngineWarmUp;
import org.talkarchive.health.PublishingLag;
import org.talkarchive.health.Readiness;
import org.talkarchive.importer.ArchiveImporter;
import org.talkarchive.importer.PyvideoCorpusReader;
import org.talkarchive.indexer.TalkVectors;
import org.talkarchive.indexer.VectorWorker;
import org.talkarchive.search.HybridFusion;
import org.talkarchive.search.Meaning;
import org.talkarchive.search.MeaningRequests;
import org.talkarchive.search.QueryUnderstanding;
import org.talkarchive.text.embedding.MiniLmEmbedder;
import org.talkarchive.text.embedding.TextEmbedder;
import org.talkarchive.indexer.ChangeSignal;
import org.talkarchive.indexer.ConsistencyCheck;
import org.talkarchive.indexer.IndexDefinition;
import org.talkarchive.indexer.IndexLayout;
import org.talkarchive.indexer.IndexSync;
import org.talkarchive.indexer.Publishing;
import org.talkarchive.indexer.Reindexer;
import org.talkarchive.indexer.SearchIndex;
import org.talkarchive.indexer.TalkDocuments;
import org.talkarchive.infra.EngineSupervisor.Engine;
import org.talkarchive.infra.Infrastructure;
import org.talkarchive.infra.Json;
import org.talkarchive.infra.Periodic;
import org.talkarchive.infra.postgres.ChangeNotifications;
import org.talkarchive.infra.postgres.Jdbis;
import org.talkarchive.metrics.ArchiveMetrics;
import org.talkarchive.search.FacetSampling;
import org.talkarchive.search.SearchEngineGuard;
import org.talkarchive.search.SuggestService;
import org.talkarchive.search.TalkQuery;
import org.talkarchive.search.TalkSearchRequests;
import org.talkarchive.search.TalkSearchService;
import org.talkarchive.talks.Catalog;
import org.talkarchive.talks.TalkRepository;
import org.talkarchive.talks.VideoEmbeds;
import org.talkarchive.web.AdminConsoleController;
import org.talkarchive.transcripts.TranscriptService;
import org.talkarchive.web.AdminController;
import org.talkarchive.web.AdminGuard;
import org.talkarchive.web.CurationApiController;
import org.talkarchive.web.CurationConsoleController;
import org.talkarchive.web.ReportController;
import org.talkarchive.web.ApiDocsController;
import org.talkarchive.web.BrowseController;
import org.talkarchive.web.AtomFeed;
import org.talkarchive.web.ExportController;
import org.talkarchive.web.HealthController;
import org.talkarchive.web.MetricsController;
import org.talkarchive.web.SearchController;
import org.talkarchive.web.SecurityHeaders;
import org.talkarchive.web.TalkController;
import org.talkarchive.web.Views;
import org.talkarchive.web.WebServer;

/**
 * The composition root: every service of the archive, wired through constructors, over one PostgreSQL and one
 * Elasticsearch, and the web layer over them ({@link #web}). Nothing else creates services, and nothing is handed
 * this object to look services up: only the entry points (the command line, tests) hold it.
 */
public final class Archive implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Archive.class);

    private final AutoCloseable infrastructure;
    private final DataSource dataSource;
    private final ObjectMapper json;
    private final TalkRepository talks;
    private final Catalog catalog;
    private final TalkSearchService search;
    private final SuggestService suggestions;
    private final SearchIndex index;
    private final IndexSync sync;
    private final Reindexer reindexer;
    private final ConsistencyCheck consistency;
    private final ArchiveImporter importer;
    private final TranscriptService transcripts;
    private final Readiness readiness;
    private final ArchiveMetrics metrics;
    private final Jdbi work;
    private final AuditLog audit;
    private final AdminJobs jobs;
    private final IndexStatus indexStatus;
    private final TalkEditing editing;
    private final SpeakerMerge merging;
    private final ProblemReports reports;
    private final VectorWorker vectors;
    private final PublishingLag lag;
    private final EngineWarmUp warmUp;
    private final Supplier<EngineWarmUp.Probe> engineProbe;

    /**
     * @param dataSource     PostgreSQL for imports, publishing and reindexing (no statement timeout)
     * @param readPool       PostgreSQL for viewers' requests (short timeouts, so a page fails fast)
     * @param searchClient   Elasticsearch for viewers' searches (a short response timeout)
     * @param engineRestarts how often embedded engines of each kind were restarted (for /ready)
     */
    public Archive(DataSource dataSource, DataSource readPool, ElasticsearchClient elasticsearch,
                   ElasticsearchClient searchClient, String indexAlias, Supplier<Map<Engine, Long>> engineRestarts,
                   AutoCloseable infrastructure) {
        this(dataSource, readPool, elasticsearch, searchClient, indexAlias, IndexLayout.DEFAULT, engineRestarts,
                infrastructure);
    }

    /** @param indexLayout shards and replicas of the indices it creates, and the size of bulk requests */
    public Archive(DataSource dataSource, DataSource readPool, ElasticsearchClient elasticsearch,
                   ElasticsearchClient searchClient, String indexAlias, IndexLayout indexLayout,
                   Supplier<Map<Engine, Long>> engineRestarts, AutoCloseable infrastructure) {
        this(dataSource, readPool, elasticsearch, searchClient, indexAlias, indexLayout, FacetSampling.DEFAULT,
                Publishing.DEFAULT, true, engineRestarts, infrastructure);
    }

    /**
     * @param facetSampling when the facet counts of a broad search are estimated from a sample
     * @param publishing    how big the publishing batches are, and how many go at once while catching up
     * @param byMeaning     whether searches also find talks by meaning (vectors are kept and published either way)
     */
    public Archive(DataSource dataSource, DataSource readPool, ElasticsearchClient elasticsearch,
                   ElasticsearchClient searchClient, String indexAlias, IndexLayout indexLayout,
                   FacetSampling facetSampling, Publishing publishing, boolean byMeaning,
                   Supplier<Map<Engine, Long>> engineRestarts,
                   AutoCloseable infrastructure) {
        this.infrastructure = infrastructure;
        this.dataSource = dataSource;
        this.json = Json.create();
        this.work = Jdbis.create(dataSource);
        Jdbi read = Jdbis.create(readPool);
        TextEmbedder embedder = new MiniLmEmbedder();
        TalkDocuments documents = new TalkDocuments(new TalkVectors(embedder.model()));
        this.talks = new TalkRepository(read);
        this.catalog = new Catalog(read, talks);
        this.index = new SearchIndex(elasticsearch, IndexDefinition.load(json).requireModel(embedder.model())
                .withLayout(json, indexLayout), indexAlias, Clock.systemUTC(), indexLayout.bulkOperations());
        SearchEngineGuard engine = new SearchEngineGuard(searchClient, ENGINE_RETRY_AFTER);
        Meaning meaning = new Meaning(embedder, byMeaning ? Meaning.DEFAULT_RULE : HybridFusion.Rule.WORDS_ONLY,
                talkId -> read.withHandle(h ->
                Optional.ofNullable(documents.loadForVectors(h, List.of(talkId)).get(talkId)))
                .map(d -> new Meaning.TalkVector(d.embedding(), d.duplicateKey())));
        QueryUnderstanding understanding = new QueryUnderstanding(() -> new QueryUnderstanding.Lexicon(
                catalog.series().stream().flatMap(series -> series.events().stream()
                        .filter(e -> e.year() != null)
                        .map(e -> new QueryUnderstanding.EventName(e.slug(),
                                QueryUnderstanding.words(series.name()), e.year()))).toList(),
                catalog.speakersWithTalks().stream().map(s -> new QueryUnderstanding.SpeakerName(s.slug(),
                        QueryUnderstanding.words(s.name()))).toList()), Clock.systemUTC());
        this.search = new TalkSearchService(new TalkSearchRequests(indexAlias), new MeaningRequests(indexAlias),
                engine, talks, read, facetSampling, meaning, understanding);
        this.vectors = new VectorWorker(work, documents, embedder);
        this.suggestions = new SuggestService(engine, indexAlias, talks);
        this.reindexer = new Reindexer(work, index, documents, Duration.ofSeconds(2));
        this.sync = new IndexSync(work, index, documents, reindexer, publishing);
        this.consistency = new ConsistencyCheck(work, index, documents, reindexer);
        this.importer = new ArchiveImporter(work, new PyvideoCorpusReader(json), json);
        this.transcripts = new TranscriptService(work, read);
        // The warm-up searches as viewers do, through a patient client and a breaker of their own (see EngineWarmUp)
        SearchEngineGuard patient = new SearchEngineGuard(elasticsearch, Duration.ofMillis(100));
        TalkSearchService warmUpSearch = new TalkSearchService(new TalkSearchRequests(indexAlias),
                new MeaningRequests(indexAlias), patient, talks, read, facetSampling, meaning, understanding);
        SuggestService warmUpSuggestions = new SuggestService(patient, indexAlias, talks);
        List<EngineWarmUp.Search> warmUpSearches = new ArrayList<>();
        for (Map<String, List<String>> params : WARM_UP_SEARCHES) {
            TalkQuery query = TalkQuery.parse(params, Set.of());
            warmUpSearches.add(() -> !warmUpSearch.search(query).degraded());
        }
        warmUpSearches.add(() -> {
            warmUpSuggestions.suggest("dja", 5); // timed only: suggestions do not say where they came from
            return true;
        });
        this.warmUp = new EngineWarmUp(warmUpSearches, WARM_ENOUGH);
        this.engineProbe = () -> {
            try {
                searchClient.cluster().health();
                return EngineWarmUp.Probe.ANSWERS;
            } catch (IOException | RuntimeException e) {
                return EngineWarmUp.verdict(e);
            }
        };
        this.readiness = new Readiness(read, engine, index, sync, engineRestarts, warmUp);
        this.lag = new PublishingLag(read);
        this.audit = new AuditLog(work, json);
        this.jobs = new AdminJobs(work, json, reindexer, consistency, index::indicesBehindAlias, audit);
        this.indexStatus = new IndexStatus(index, readiness, sync, jobs);
        // Curation writes through the work pool and records each action in the audit log within its transaction.
        this.editing = new TalkEditing(work, audit);
        this.merging = new SpeakerMerge(work, audit);
        // Five reports at once, then one every two minutes, per client address (10,000 addresses remembered); and
        // from everyone together 60 at once, then one every 10 s: what an admin can still read through in a day.
        this.reports = new ProblemReports(work, audit, new ReportAllowance(
                new ReportRateLimiter(Clock.systemUTC(), 5, Duration.ofMinutes(2), 10_000),
                new ReportRateLimiter(Clock.systemUTC(), 60, Duration.ofSeconds(10), 1)));
        this.metrics = new ArchiveMetrics();
        metrics.connectionPool(dataSource);
        metrics.connectionPool(readPool);
        metrics.publishing(readiness, sync, Clock.systemUTC());
    }

    /** Connects to (or starts) PostgreSQL and Elasticsearch as the configuration says. */
    public static Archive start(ArchiveConfig config) {
        return over(Infrastructure.start(config), config);
    }

    /**
     * For {@code serve}: as {@link #start}, but embedded engines must be this process's own (see
     * {@link Infrastructure#startOwning}); {@link #close} stops them.
     *
     * @throws org.talkarchive.infra.DataDirectoryInUseException when another process runs them
     */
    public static Archive startToServe(ArchiveConfig config) {
        return over(Infrastructure.startOwning(config), config);
    }

    private static Archive over(Infrastructure infrastructure, ArchiveConfig config) {
        return new Archive(infrastructure.dataSource(), infrastructure.readDataSource(),
                infrastructure.elasticsearch(), infrastructure.searchClient(), config.indexAlias(),
                config.indexLayout(), config.facetSampling(), config.publishing(), config.searchByMeaning(),
                infrastructure::engineRestarts,
                infrastructure);
    }

    /**
     * What viewers search, as the warm-up searches it: browsing, words (with meaning), words sorted by date, words
     * with a filter; and suggestions.
     */
    private static final List<Map<String, List<String>>> WARM_UP_SEARCHES = List.of(Map.of(),
            Map.of("q", List.of("python")), Map.of("q", List.of("django"), "sort", List.of("newest")),
            Map.of("q", List.of("testing"), "year", List.of("2019")));
    /** A warm engine answers each of them within this: half the viewers' limit (TALKS_SEARCH_TIMEOUT_MS, 2 s). */
    static final Duration WARM_ENOUGH = Duration.ofSeconds(1);
    /** How long a warm-up may search before the engine counts as warm anyway. */
    static final Duration WARM_UP_LIMIT = Duration.ofSeconds(20);
    /** How often the serve looks whether Elasticsearch went away or was restarted. */
    static final Duration ENGINE_WATCH = Duration.ofMillis(500);

    /** How long to wait before the engine is tried again after it failed; also the Retry-After of a 503. */
    public static final Duration ENGINE_RETRY_AFTER = Duration.ofSeconds(5);

    /** Builds the index if there is none, or if it was built from an older definition. */
    public void ensureIndex() {
        ensureIndex(Reindexer.Progress.NONE);
    }

    public void ensureIndex(Reindexer.Progress progress) {
        if (!index.isCurrent()) {
            log.info("The search index is missing or outdated; building it from PostgreSQL");
            reindexer.reindex(progress);
        }
    }

    /**
     * Before serving: remove what a killed reindex left behind; with no index at all, build one now (there is
     * nothing to search yet); with one built from an older definition, keep searching it and rebuild in the
     * background, swapping when done.
     */
    public void prepareIndexForServing() {
        reindexer.cleanUpLeftovers();
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

    /**
     * Before serving: searches the engine as viewers will until it answers fast (at most {@link #WARM_UP_LIMIT}),
     * so the first viewer does not find it cold.
     */
    public void warmUpEngine() {
        warmUp.warmUp(WARM_UP_LIMIT);
    }

    /**
     * While serving: when Elasticsearch goes away (a restart too), {@code /ready} says 503 until it answers again
     * and has been warmed up (see {@link EngineWarmUp}); until the returned handle is closed.
     */
    public AutoCloseable startEngineWatch() {
        return warmUp.watch(engineProbe, ENGINE_WATCH, WARM_UP_LIMIT);
    }

    /** How often a serve removes what interrupted reindexes left behind: within a minute of the engine answering. */
    public static final Duration LEFTOVERS_CLEANUP = Duration.ofSeconds(30);

    /**
     * While serving: every {@code every}, removes what reindexes left behind (a killed build, an old index that a
     * finished reindex could not delete because Elasticsearch was away), if no reindex runs then; until the
     * returned handle is closed.
     */
    public AutoCloseable startLeftoversCleanup(Duration every) {
        return Periodic.start("leftovers-cleanup", every, reindexer::cleanUpLeftovers);
    }

    /**
     * How often a publisher woken by notifications still looks for changes: it catches what a broken listening
     * connection missed (bench/freshness.sh measured plain 250 ms polling against notifications).
     */
    public static final Duration FALLBACK_POLL = Duration.ofSeconds(1);

    /**
     * Publishes in this thread until {@code running} turns false, woken by notifications (see below), while
     * another computes the vectors talks wait for.
     */
    public void followChanges(java.util.function.BooleanSupplier running) {
        try (ChangeNotifications notifications = new ChangeNotifications(dataSource);
             AutoCloseable embedding = startVectorWorker()) {
            sync.follow(FALLBACK_POLL, running, notifications::await);
        } catch (Exception e) {
            throw new IllegalStateException("Stopping the vector worker failed", e);
        }
    }

    /** How often the vector worker looks for talks waiting for a vector while none waits. */
    public static final Duration VECTOR_POLL = Duration.ofSeconds(1);

    /**
     * Computes the vectors talks wait for in a background thread (the publisher then writes them), until the
     * returned handle is closed.
     */
    public AutoCloseable startVectorWorker() {
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread thread = new Thread(() -> vectors.follow(VECTOR_POLL, running::get), "vector-worker");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY); // searches and publishing come first
        thread.start();
        return () -> {
            running.set(false);
            thread.interrupt();
            thread.join(10_000);
        };
    }

    /** Runs the sync in a background thread until the returned handle is closed, polling every {@code idlePoll}. */
    public AutoCloseable startBackgroundSync(Duration idlePoll) {
        return startBackgroundSync(idlePoll, false);
    }

    /**
     * Runs the sync in a background thread until the returned handle is closed.
     *
     * @param notified wake on PostgreSQL's notification of committed changes (LISTEN on a connection of the work
     *                 pool, held while it runs), with {@code idlePoll} as the fallback poll; false: poll only
     */
    public AutoCloseable startBackgroundSync(Duration idlePoll, boolean notified) {
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        ChangeNotifications notifications = notified ? new ChangeNotifications(dataSource) : null;
        Thread thread = new Thread(() -> {
            try {
                sync.follow(idlePoll, running::get, notifications == null ? ChangeSignal.POLLING : notifications::await);
            } finally {
                if (notifications != null) {
                    notifications.close(); // on the thread that used it: the listener is not shared
                }
            }
        }, "index-sync");
        thread.setDaemon(true);
        thread.start();
        return () -> {
            running.set(false);
            thread.interrupt();
            thread.join(10_000);
        };
    }

    /**
     * The web layer over these services: controllers wired here, routes in {@link WebServer}.
     *
     * @param adminToken the bearer token admin operations need; none switches them off
     * @param site       the public address links use, and which PeerTube hosts may be embedded
     */
    public Javalin web(Optional<String> adminToken, SiteConfig site) {
        return web(adminToken, Optional.empty(), site);
    }

    /** @param metricsToken the bearer token a scraper of /metrics needs; none switches /metrics off */
    public Javalin web(Optional<String> adminToken, Optional<String> metricsToken, SiteConfig site) {
        Views views = new Views(site.base());
        VideoEmbeds embeds = new VideoEmbeds(site.peertubeHosts(), site.origin());
        // One lockout for every secret: failed console sign-ins and wrong bearer tokens (admin API, /metrics) alike,
        // 5 per client address in 15 min.
        SignInLimiter lockout = new SignInLimiter(5, Duration.ofMinutes(15), Clock.systemUTC());
        WebServer.Controllers controllers = new WebServer.Controllers(
                new SearchController(search, suggestions, views, metrics, lag),
                new TalkController(talks, search, views, embeds, transcripts),
                new BrowseController(catalog, talks, views, site.base()),
                new ExportController(search, talks, embeds, json, new AtomFeed(Clock.systemUTC()), site.base(),
                        site.concurrentExports()),
                new AdminController(adminToken, lockout, jobs, consistency),
                new AdminConsoleController(new AdminGuard(new AdminSessions(work, adminToken, lockout, audit),
                        site.base()), jobs, indexStatus, audit, views),
                new HealthController(readiness, ENGINE_RETRY_AFTER),
                new MetricsController(metrics, metricsToken, lockout),
                new ApiDocsController(json, views),
                new WebServer.Curation(new CurationApiController(editing, merging, reports),
                        new CurationConsoleController(editing, merging, reports, views),
                        new ReportController(reports, talks, views, site.base())));
        return WebServer.create(controllers, views, new SecurityHeaders(embeds.frameOrigins(), site.https()),
                site.trustedProxies(), json, metrics, ENGINE_RETRY_AFTER);
    }

    /** Editing, hiding and unhiding talks, as the admin API and console do it. */
    public TalkEditing editing() {
        return editing;
    }

    /** Merging two speakers that are one person. */
    public SpeakerMerge merging() {
        return merging;
    }

    /** Viewers' reports of problems with talks. */
    public ProblemReports reports() {
        return reports;
    }

    public VectorWorker vectors() {
        return vectors;
    }

    public TalkSearchService search() {
        return search;
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

    public TranscriptService transcripts() {
        return transcripts;
    }

    public ArchiveImporter importer() {
        return importer;
    }

    /** The admin audit log (who did what, before and after), for console features and tests. */
    public AuditLog audit() {
        return audit;
    }

    /** Reindexes and consistency checks run as jobs, as the admin API and console start them. */
    public AdminJobs jobs() {
        return jobs;
    }

    @Override
    public void close() {
        jobs.close();
        try {
            infrastructure.close();
        } catch (Exception e) {
            log.warn("Closing the infrastructure failed: {}", e.toString());
        }
    }
}
