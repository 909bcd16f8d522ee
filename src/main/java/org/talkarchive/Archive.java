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
import java.util.function.BooleanSupplier;
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
import org.talkarchive.config.BuildInfo;
import org.talkarchive.config.SiteConfig;
import org.talkarchive.curation.ProblemReports;
import org.talkarchive.curation.ReportAllowance;
import org.talkarchive.curation.ReportRateLimiter;
import org.talkarchive.curation.SpeakerMerge;
import org.talkarchive.curation.TalkEditing;
import org.talkarchive.health.EngineWarmUp;
import org.talkarchive.health.Liveness;
import org.talkarchive.health.PublishingLag;
import org.talkarchive.health.Readiness;
import org.talkarchive.importer.ArchiveImporter;
import org.talkarchive.importer.PyvideoCorpusReader;
import org.talkarchive.indexer.ChangeListener;
import org.talkarchive.indexer.ConsistencyCheck;
import org.talkarchive.indexer.IndexDefinition;
import org.talkarchive.indexer.IndexLayout;
import org.talkarchive.indexer.IndexSync;
import org.talkarchive.indexer.Publisher;
import org.talkarchive.indexer.Publishing;
import org.talkarchive.indexer.Reindexer;
import org.talkarchive.indexer.SearchIndex;
import org.talkarchive.indexer.TalkDocuments;
import org.talkarchive.indexer.TalkVectors;
import org.talkarchive.indexer.VectorWorker;
import org.talkarchive.infra.EngineSupervisor.Engine;
import org.talkarchive.infra.Infrastructure;
import org.talkarchive.infra.Json;
import org.talkarchive.infra.Periodic;
import org.talkarchive.infra.postgres.ChangeNotifications;
import org.talkarchive.infra.postgres.Jdbis;
import org.talkarchive.metrics.ArchiveMetrics;
import org.talkarchive.search.FacetSampling;
import org.talkarchive.search.HybridFusion;
import org.talkarchive.search.Meaning;
import org.talkarchive.search.MeaningRequests;
import org.talkarchive.search.QueryUnderstanding;
import org.talkarchive.search.SearchEngineGuard;
import org.talkarchive.search.SuggestService;
import org.talkarchive.search.TalkQuery;
import org.talkarchive.search.TalkSearchRequests;
import org.talkarchive.search.TalkSearchService;
import org.talkarchive.talks.Catalog;
import org.talkarchive.talks.TalkRepository;
import org.talkarchive.talks.VideoEmbeds;
import org.talkarchive.text.embedding.MiniLmEmbedder;
import org.talkarchive.text.embedding.TextEmbedder;
import org.talkarchive.transcripts.TranscriptService;
import org.talkarchive.web.HealthController;
import org.talkarchive.web.MetricsController;
import org.talkarchive.web.SecurityHeaders;
import org.talkarchive.web.shared.Views;
import org.talkarchive.web.WebServer;
import org.talkarchive.web.admin.AdminConsoleController;
import org.talkarchive.web.admin.AdminController;
import org.talkarchive.web.admin.AdminGuard;
import org.talkarchive.web.admin.CurationApiController;
import org.talkarchive.web.admin.CurationConsoleController;
import org.talkarchive.web.admin.TranscriptApiController;
import org.talkarchive.web.viewer.ApiDocsController;
import org.talkarchive.web.viewer.AtomFeed;
import org.talkarchive.web.viewer.BrowseController;
import org.talkarchive.web.viewer.ExportController;
import org.talkarchive.web.viewer.ReportController;
import org.talkarchive.web.viewer.SearchController;
import org.talkarchive.web.viewer.TalkController;

/**
 * The composition root: every service of the archive, wired through constructors, over one PostgreSQL and one
 * Elasticsearch, and the web layer over them ({@link #web}). Nothing else creates services, and nothing is handed
 * this object to look services up: only the entry points (the command line, tests) hold it.
 */
public final class Archive implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Archive.class);

    /**
     * What the archive runs over.
     *
     * @param dataSource    PostgreSQL for imports, publishing and reindexing (no statement timeout)
     * @param readPool      PostgreSQL for viewers' requests (short timeouts, so a page fails fast)
     * @param elasticsearch Elasticsearch for publishing, reindexing and the warm-up (patient)
     * @param searchClient  Elasticsearch for viewers' searches (a short response timeout)
     * @param restarts      how often embedded engines of each kind were restarted (for /ready)
     * @param owner         closed with the archive: the engines it started, or nothing
     */
    public record Engines(DataSource dataSource, DataSource readPool, ElasticsearchClient elasticsearch,
                          ElasticsearchClient searchClient, Supplier<Map<Engine, Long>> restarts, AutoCloseable owner) {

        /** The engines as the configuration started them, stopped with the archive. */
        public static Engines of(Infrastructure infrastructure) {
            return new Engines(infrastructure.dataSource(), infrastructure.readDataSource(),
                    infrastructure.elasticsearch(), infrastructure.searchClient(), infrastructure::engineRestarts,
                    infrastructure);
        }

        /** One pool and one client for everything, never restarted, left running: engines someone else owns. */
        public static Engines shared(DataSource dataSource, ElasticsearchClient client) {
            return new Engines(dataSource, dataSource, client, client, Map::of, () -> { });
        }
    }

    /**
     * How the archive searches and publishes.
     *
     * @param indexAlias    the alias of the talks' index, searched and published to
     * @param indexLayout   shards and replicas of the indices it creates, and the size of bulk requests
     * @param facetSampling when the facet counts of a broad search are estimated from a sample
     * @param publishing    how big the publishing batches are, and how many go at once while catching up
     * @param byMeaning     whether searches also find talks by meaning (vectors are kept and published either way)
     */
    public record Settings(String indexAlias, IndexLayout indexLayout, FacetSampling facetSampling,
                           Publishing publishing, boolean byMeaning) {

        /** The defaults, over an index alias. */
        public static Settings of(String indexAlias) {
            return new Settings(indexAlias, IndexLayout.DEFAULT, FacetSampling.DEFAULT, Publishing.DEFAULT, true);
        }

        /** As the configuration says. */
        public static Settings of(ArchiveConfig config) {
            return new Settings(config.indexAlias(), config.indexLayout(), config.facetSampling(),
                    config.publishing(), config.searchByMeaning());
        }

        public Settings withIndexLayout(IndexLayout layout) {
            return new Settings(indexAlias, layout, facetSampling, publishing, byMeaning);
        }

        public Settings withFacetSampling(FacetSampling sampling) {
            return new Settings(indexAlias, indexLayout, sampling, publishing, byMeaning);
        }
    }

    private final AutoCloseable infrastructure;
    private final ObjectMapper json;
    private final TalkRepository talks;
    private final Catalog catalog;
    private final TalkSearchService search;
    private final SuggestService suggestions;
    private final SearchIndex index;
    private final IndexSync sync;
    private final Reindexer reindexer;
    private final ConsistencyCheck consistency;
    private final Publisher publisher;
    private final ArchiveImporter importer;
    private final TranscriptService transcripts;
    private final Readiness readiness;
    private final Liveness liveness;
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

    public Archive(Engines engines, Settings settings) {
        this.infrastructure = engines.owner();
        this.json = Json.create();
        this.work = Jdbis.create(engines.dataSource());
        Jdbi read = Jdbis.create(engines.readPool());
        TextEmbedder embedder = new MiniLmEmbedder();
        TalkDocuments documents = new TalkDocuments(new TalkVectors(embedder.model()));
        this.talks = new TalkRepository(read);
        this.catalog = new Catalog(read, talks);
        String indexAlias = settings.indexAlias();
        this.index = new SearchIndex(engines.elasticsearch(), IndexDefinition.load(json)
                .requireModel(embedder.model()).withLayout(json, settings.indexLayout()), indexAlias,
                Clock.systemUTC(), settings.indexLayout().bulkOperations());
        SearchEngineGuard engine = new SearchEngineGuard(engines.searchClient(), ENGINE_RETRY_AFTER);
        Meaning meaning = new Meaning(embedder,
                settings.byMeaning() ? Meaning.DEFAULT_RULE : HybridFusion.Rule.WORDS_ONLY,
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
                engine, talks, read, settings.facetSampling(), meaning, understanding);
        this.vectors = new VectorWorker(work, documents, embedder);
        this.suggestions = new SuggestService(engine, indexAlias, talks);
        this.reindexer = new Reindexer(work, index, documents, Duration.ofSeconds(2));
        this.sync = new IndexSync(work, index, documents, reindexer, settings.publishing());
        this.consistency = new ConsistencyCheck(work, index, documents, reindexer);
        this.publisher = new Publisher(index, reindexer, sync, vectors, () -> {
            ChangeNotifications notifications = new ChangeNotifications(engines.dataSource());
            return ChangeListener.of(notifications::await, notifications::close);
        });
        this.importer = new ArchiveImporter(work, new PyvideoCorpusReader(json), json);
        this.transcripts = new TranscriptService(work, read);
        // The warm-up searches as viewers do, through a patient client and a breaker of their own (see EngineWarmUp)
        SearchEngineGuard patient = new SearchEngineGuard(engines.elasticsearch(), Duration.ofMillis(100));
        TalkSearchService warmUpSearch = new TalkSearchService(new TalkSearchRequests(indexAlias),
                new MeaningRequests(indexAlias), patient, talks, read, settings.facetSampling(), meaning,
                understanding);
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
                engines.searchClient().cluster().health();
                return EngineWarmUp.Probe.ANSWERS;
            } catch (IOException | RuntimeException e) {
                return EngineWarmUp.verdict(e);
            }
        };
        this.readiness = new Readiness(read, engine, index, sync, engines.restarts(), warmUp);
        this.liveness = new Liveness(BuildInfo.load().version(), Clock.systemUTC());
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
        metrics.connectionPool(engines.dataSource());
        metrics.connectionPool(engines.readPool());
        metrics.publishing(readiness, sync, Clock.systemUTC());
        metrics.circuitBreaker("elasticsearch", engine::state); // the viewers' breaker; the warm-up's is its own
        metrics.engineRestarts(engines.restarts());
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
        return new Archive(Engines.of(infrastructure), Settings.of(config));
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
        publisher.ensureIndex(progress);
    }

    /** Before serving: see {@link Publisher#prepareIndexForServing}. */
    public void prepareIndexForServing() {
        publisher.prepareIndexForServing();
    }

    /**
     * Before serving: searches the engine as viewers will until it answers fast (at most {@link #WARM_UP_LIMIT}),
     * so the first viewer does not find it cold.
     */
    public void warmUpEngine() {
        warmUp.warmUp(WARM_UP_LIMIT);
    }

    /**
     * While serving: when Elasticsearch goes away (a restart too), {@code /ready} says DEGRADED until it answers again
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

    /** How often a publisher woken by notifications still looks for changes: see {@link Publisher#FALLBACK_POLL}. */
    public static final Duration FALLBACK_POLL = Publisher.FALLBACK_POLL;

    /** Publishes in this thread until {@code running} turns false: see {@link Publisher#followChanges}. */
    public void followChanges(BooleanSupplier running) {
        publisher.followChanges(running);
    }

    /** Computes the vectors talks wait for in a background thread, until the returned handle is closed. */
    public AutoCloseable startVectorWorker() {
        return publisher.startVectorWorker();
    }

    /** Runs the sync in a background thread until the returned handle is closed, polling every {@code idlePoll}. */
    public AutoCloseable startBackgroundSync(Duration idlePoll) {
        return startBackgroundSync(idlePoll, false);
    }

    /** Runs the sync in a background thread until the returned handle is closed: see {@link Publisher#startSync}. */
    public AutoCloseable startBackgroundSync(Duration idlePoll, boolean notified) {
        return publisher.startSync(idlePoll, notified);
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
                new HealthController(liveness, readiness, ENGINE_RETRY_AFTER),
                new MetricsController(metrics, metricsToken, lockout),
                new ApiDocsController(json, views),
                new WebServer.Curation(new CurationApiController(editing, merging, reports),
                        new CurationConsoleController(editing, merging, reports, views),
                        new ReportController(reports, talks, views, site.base()),
                        new TranscriptApiController(talks, transcripts)));
        return WebServer.create(controllers, views, new SecurityHeaders(embeds.frameOrigins(), site.https()),
                site.trustedProxies(), json, metrics, ENGINE_RETRY_AFTER, site.concurrentRequests(),
                SiteConfig.REQUEST_QUEUE_WAIT);
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
