package org.talkarchive.indexer;

import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Compares PostgreSQL with the index: the counts, a random sample of talks (is each indexed, and does its document
 * match what the database says now?) and a random sample of documents (does each talk still exist?).
 */
public final class ConsistencyCheck {

    // A hidden talk (curation) is not indexed: it counts as absent on both sides.
    private static final String COUNT_TALKS = """
            SELECT count(*) FROM talk WHERE NOT hidden
            """;
    private static final String SAMPLE_TALKS = """
            SELECT id FROM talk WHERE NOT hidden ORDER BY random() LIMIT :limit
            """;
    private static final String EXISTING = """
            SELECT id FROM talk WHERE id = ANY(:ids) AND NOT hidden
            """;
    private static final String WAITING_AMONG = """
            SELECT talk_id FROM embedding_wanted WHERE talk_id = ANY(:ids)
            """;

    /**
     * {@code staleBuilds} and {@code orphanIndices} are what a killed reindex left behind (cleaned up by the next
     * reindex or start); {@code rebuildRequested} is a TRUNCATE not yet carried into the index. Vectors:
     * {@code vectorsWaiting} talks are queued for one (not drift: the worker is on it); {@code staleVectors} are
     * sampled talks whose document has no vector, or one of other text, while none is queued (drift).
     * {@code noIndex}: the alias points at no index (a new data directory before its first serve or index): nothing
     * was compared, and that is drift too, since nothing can be searched.
     */
    public record Report(long talksInDatabase, long documentsInIndex, long unpublishedChanges, int sampled,
                         List<Long> missingFromIndex, List<Long> outdatedInIndex, List<Long> deletedButIndexed,
                         List<String> staleBuilds, List<String> orphanIndices, boolean rebuildRequested,
                         long vectorsWaiting, List<Long> staleVectors, boolean noIndex) {

        public boolean consistent() {
            return !noIndex && talksInDatabase == documentsInIndex && missingFromIndex.isEmpty()
                    && outdatedInIndex.isEmpty() && deletedButIndexed.isEmpty() && staleBuilds.isEmpty()
                    && orphanIndices.isEmpty() && !rebuildRequested && staleVectors.isEmpty();
        }

        public String summary() {
            if (noIndex) {
                return String.format("no search index yet, so nothing was compared: database %d talks, %d changes"
                        + " not yet published; 'serve', 'index' or 'reindex' builds it -> DRIFT", talksInDatabase,
                        unpublishedChanges);
            }
            return String.format("database %d talks, index %d documents, %d changes not yet published; sample of"
                            + " %d: %d missing from the index, %d outdated, %d deleted but still indexed,"
                            + " %d with a missing or stale vector; %d talks wait for a vector;"
                            + " left by killed reindexes: builds %s, indices %s; full rebuild requested: %s -> %s",
                    talksInDatabase, documentsInIndex, unpublishedChanges, sampled, missingFromIndex.size(),
                    outdatedInIndex.size(), deletedButIndexed.size(), staleVectors.size(), vectorsWaiting,
                    staleBuilds, orphanIndices, rebuildRequested ? "yes" : "no",
                    consistent() ? "consistent" : "DRIFT");
        }
    }

    private final Jdbi jdbi;
    private final SearchIndex index;
    private final TalkDocuments documents;
    private final Reindexer reindexer;

    public ConsistencyCheck(Jdbi jdbi, SearchIndex index, TalkDocuments documents, Reindexer reindexer) {
        this.jdbi = jdbi;
        this.index = index;
        this.documents = documents;
        this.reindexer = reindexer;
    }

    public Report check(int sampleSize) {
        try {
            return jdbi.withHandle(h -> check(h, sampleSize));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Report check(Handle h, int sampleSize) throws IOException {
        long talks = count(h, COUNT_TALKS);
        long changes = SearchChanges.count(h);
        if (index.indicesBehindAlias().isEmpty()) { // asking the alias for a count would fail: no such index
            return new Report(talks, 0, changes, 0, List.of(), List.of(), List.of(), List.of(), List.of(),
                    reindexer.rebuildRequested(), 0, List.of(), true);
        }
        index.refresh();
        long indexed = index.count();

        List<Long> sample = h.createQuery(SAMPLE_TALKS).bind("limit", sampleSize).mapTo(Long.class).list();
        Map<Long, TalkDocument> expected = documents.loadWithoutQueueing(h, sample);
        List<Long> missing = new ArrayList<>();
        List<Long> outdated = new ArrayList<>();
        List<Long> staleVectors = new ArrayList<>();
        Set<Long> waiting = new HashSet<>(h.createQuery(WAITING_AMONG).bindArray("ids", Long.class, sample)
                .mapTo(Long.class).list());
        if (!sample.isEmpty()) {
            MgetResponse<TalkDocument> got = index.client().mget(m -> m.index(index.alias())
                    .ids(sample.stream().map(String::valueOf).toList()), TalkDocument.class);
            for (MultiGetResponseItem<TalkDocument> item : got.docs()) {
                long id = Long.parseLong(item.result().id());
                if (!item.result().found()) {
                    missing.add(id);
                } else if (!sameContent(expected.get(id), item.result().source())) {
                    outdated.add(id);
                } else if (!waiting.contains(id) && !Objects.equals(item.result().source().embeddingHash(),
                        TalkVectors.input(expected.get(id)).hash())) {
                    staleVectors.add(id);
                }
            }
        }

        SearchResponse<Void> randomDocs = index.client().search(s -> s.index(index.alias()).size(sampleSize)
                .source(src -> src.fetch(false))
                .query(q -> q.functionScore(f -> f.functions(fn -> fn.randomScore(r -> r)))), Void.class);
        List<Long> indexedIds = randomDocs.hits().hits().stream().map(Hit::id).map(Long::parseLong).toList();
        Set<Long> stillThere = new HashSet<>(h.createQuery(EXISTING).bindArray("ids", Long.class, indexedIds)
                .mapTo(Long.class).list());
        List<Long> deleted = indexedIds.stream().filter(id -> !stillThere.contains(id)).toList();
        Reindexer.Leftovers leftovers = reindexer.leftovers()
                .orElse(new Reindexer.Leftovers(List.of(), List.of())); // a running reindex owns its build
        return new Report(talks, indexed, changes, sample.size() + indexedIds.size(), missing, outdated,
                deleted, leftovers.staleBuilds(), leftovers.orphanIndices(), reindexer.rebuildRequested(),
                documents.vectors().waiting(h), staleVectors, false);
    }

    private static boolean sameContent(TalkDocument expected, TalkDocument actual) {
        return expected != null && actual != null
                && Objects.equals(expected.title(), actual.title())
                && Objects.equals(expected.speakerSlugs(), actual.speakerSlugs())
                && Objects.equals(expected.tagKeys(), actual.tagKeys())
                && Objects.equals(expected.eventSlug(), actual.eventSlug())
                && Objects.equals(expected.recorded(), actual.recorded())
                && Objects.equals(expected.language(), actual.language())
                && Objects.equals(expected.transcript(), actual.transcript())
                && cueCount(expected) == cueCount(actual);
    }

    private static int cueCount(TalkDocument document) {
        return document.cues() == null ? 0 : document.cues().size();
    }

    private static long count(Handle h, String sql) {
        return h.createQuery(sql).mapTo(Long.class).one();
    }
}
