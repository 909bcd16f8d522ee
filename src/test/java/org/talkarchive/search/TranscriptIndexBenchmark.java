package org.talkarchive.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.HighlightField;
import co.elastic.clients.elasticsearch.core.search.HighlighterEncoder;
import co.elastic.clients.util.NamedValue;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.talkarchive.bench.TranscriptLoad;
import org.talkarchive.indexer.IndexDefinition;
import org.talkarchive.infra.elasticsearch.ElasticsearchClients;
import org.talkarchive.infra.elasticsearch.EmbeddedElasticsearch;
import org.talkarchive.infra.elasticsearch.JavaRuntimes;
import org.talkarchive.infra.elasticsearch.NodeJvm;

/**
 * Two ways to search transcripts, measured on the same synthetic load ({@link TranscriptLoad}: 2,000 talks x 900
 * cues) in a fresh embedded Elasticsearch node: index size after a merge to one segment, and search latency
 * (p50/p90/p99) of the same queries, taking turns query by query.
 *
 * <ul>
 *   <li><b>nested</b>: what the archive does. One document per talk, its cues as nested documents; one request
 *   (the site's own, {@link TalkSearchRequests#search}) ranks, counts facets and returns three snippets per hit.
 *   <li><b>separate</b>: talk documents without cues, and a cue index of its own (talk_id, start, text) joined by
 *   talk id: (1) the talks request without transcripts, (2) the cue index collapsed by talk id for talks found by
 *   what was said (20, with three snippets each), (3) the snippets of the page's talks from (1). Its facet counts
 *   and total cannot include talks found only by their transcript without yet another round trip.
 * </ul>
 *
 * In the package of the request builder because it uses its package-private variant without transcripts.
 * Run by {@code bench/transcripts.sh}.
 */
public final class TranscriptIndexBenchmark {

    private static final String NESTED = "bench-nested";
    private static final String TALKS = "bench-split-talks";
    private static final String CUES = "bench-split-cues";

    public static void main(String[] args) throws Exception {
        int talks = args.length > 0 ? Integer.parseInt(args[0]) : TranscriptLoad.TALKS;
        int cuesPerTalk = args.length > 1 ? Integer.parseInt(args[1]) : TranscriptLoad.CUES_PER_TALK;
        int queries = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        Path home = Files.createTempDirectory(Path.of(args.length > 3 ? args[3] : "target"), "bench-transcripts");
        try (EmbeddedElasticsearch node = EmbeddedElasticsearch.start(home, Path.of("target/elasticsearch-node"),
                new NodeJvm(JavaRuntimes.findJavaExecutable(System.getenv("ES_JAVA_HOME"), System.getenv("JAVA_HOME")),
                        "1g"))) {
            ElasticsearchClient es = ElasticsearchClients.create(node.url(), Optional.empty(), Duration.ofMinutes(10));
            try {
                run(es, talks, cuesPerTalk, queries);
            } finally {
                es.close(); // its I/O threads would keep the JVM running
            }
        }
    }

    private static void run(ElasticsearchClient es, int talkCount, int cuesPerTalk, int queries) throws Exception {
        ObjectMapper json = new ObjectMapper();
        String definition = IndexDefinition.load(json).json();
        ObjectNode withoutCues = (ObjectNode) json.readTree(definition);
        ((ObjectNode) withoutCues.at("/mappings/properties")).remove("cues");
        ObjectNode cueIndex = json.createObjectNode();
        cueIndex.set("settings", withoutCues.get("settings").deepCopy());
        cueIndex.putObject("mappings").put("dynamic", "strict").set("properties", json.readTree("""
                {"talk_id": {"type": "long"}, "start": {"type": "integer"},
                 "text": {"type": "text", "analyzer": "talk_text", "index_options": "offsets",
                          "fields": {"stemmed": {"type": "text", "analyzer": "talk_stemmed"}}}}"""));
        create(es, NESTED, definition);
        create(es, TALKS, withoutCues.toString());
        create(es, CUES, cueIndex.toString());

        TranscriptLoad load = new TranscriptLoad(20261123L);
        List<TranscriptLoad.SyntheticTalk> talks = load.talks(talkCount, cuesPerTalk);
        System.out.printf("load: %,d talks x %,d cues (%,d cues)%n", talkCount, cuesPerTalk,
                (long) talkCount * cuesPerTalk);

        long started = System.nanoTime();
        for (int from = 0; from < talks.size(); from += 20) {
            BulkRequest.Builder bulk = new BulkRequest.Builder();
            for (var talk : talks.subList(from, Math.min(talks.size(), from + 20))) {
                bulk.operations(op -> op.index(i -> i.index(NESTED).id(Long.toString(talk.id()))
                        .document(TranscriptLoad.document(talk, true))));
            }
            check(es.bulk(bulk.build()).errors(), NESTED);
        }
        double nestedSeconds = finish(es, NESTED, started);
        started = System.nanoTime();
        List<BulkRequest.Builder> batches = new ArrayList<>();
        BulkRequest.Builder bulk = new BulkRequest.Builder();
        int inBatch = 0;
        for (var talk : talks) {
            bulk.operations(op -> op.index(i -> i.index(TALKS).id(Long.toString(talk.id()))
                    .document(TranscriptLoad.document(talk, false))));
            for (var cue : talk.cues()) {
                bulk.operations(op -> op.index(i -> i.index(CUES).document(Map.of("talk_id", talk.id(),
                        "start", cue.startSecond(), "text", cue.text()))));
            }
            if (++inBatch == 20) {
                check(es.bulk(bulk.build()).errors(), CUES);
                bulk = new BulkRequest.Builder();
                inBatch = 0;
            }
        }
        if (inBatch > 0) {
            check(es.bulk(bulk.build()).errors(), CUES);
        }
        double splitSeconds = finish(es, TALKS, started) + finish(es, CUES, System.nanoTime());
        talks = null; // the documents are in the engine now
        System.gc();

        long nestedBytes = size(es, NESTED);
        long splitBytes = size(es, TALKS) + size(es, CUES);
        System.out.printf("index size after merging to one segment: nested %.1f MB; separate %.1f MB"
                        + " (talks %.1f + cues %.1f)%n", mb(nestedBytes), mb(splitBytes), mb(size(es, TALKS)),
                mb(size(es, CUES)));
        System.out.printf("indexing incl. refresh and merge: nested %.1f s; separate %.1f s%n", nestedSeconds,
                splitSeconds);

        TalkSearchRequests nested = new TalkSearchRequests(NESTED);
        TalkSearchRequests split = new TalkSearchRequests(TALKS);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < queries + 50; i++) {
            texts.add(load.query());
        }
        long[] nestedTimes = new long[queries];
        long[] sequentialTimes = new long[queries];
        long[] parallelTimes = new long[queries];
        long nestedHits = 0;
        long splitHits = 0;
        for (int i = 0; i < texts.size(); i++) {
            TalkQuery query = TalkQuery.parse(Map.of("q", List.of(texts.get(i))), Set.of());
            // nested: the site's one request
            long t0 = System.nanoTime();
            SearchResponse<Void> one = es.search(nested.search(query), Void.class);
            long nestedNanos = System.nanoTime() - t0;
            // separate: talks without transcripts, talks by their cues, then the page's snippets
            long t1 = System.nanoTime();
            SearchResponse<Void> page = es.search(split.search(query, WordsQuery.Transcript.NOT_SEARCHED),
                    Void.class);
            long talksNanos = System.nanoTime() - t1;
            long t2 = System.nanoTime();
            SearchResponse<Void> byCues = es.search(cueSearch(query.text(), List.of()), Void.class);
            long cuesNanos = System.nanoTime() - t2;
            List<String> ids = page.hits().hits().stream().map(h -> h.id()).toList();
            long t3 = System.nanoTime();
            if (!ids.isEmpty()) {
                es.search(cueSearch(query.text(), ids), Void.class);
            }
            long snippetsNanos = System.nanoTime() - t3;
            if (i >= 50) { // the first 50 warm up caches and the JIT
                int k = i - 50;
                nestedTimes[k] = nestedNanos;
                sequentialTimes[k] = talksNanos + cuesNanos + snippetsNanos;
                parallelTimes[k] = Math.max(talksNanos, cuesNanos) + snippetsNanos;
                nestedHits += one.hits().total() == null ? 0 : one.hits().total().value();
                splitHits += (page.hits().total() == null ? 0 : page.hits().total().value())
                        + byCues.hits().hits().size();
            }
        }
        System.out.printf("%d queries of 1-3 words (after 50 warm-up), latency p50 / p90 / p99 in ms:%n", queries);
        System.out.println("  nested (1 request):                 " + percentiles(nestedTimes));
        System.out.println("  separate, 3 requests in turn:       " + percentiles(sequentialTimes));
        System.out.println("  separate, (1) beside (2), then (3): " + percentiles(parallelTimes));
        System.out.printf("  matches: nested %,d talks in all; separate %,d (talk totals + cue-found talks on"
                + " page one)%n", nestedHits, splitHits);
    }

    /** Cues holding most of the words, best cue per talk, 20 talks, three snippets each; among {@code ids} if given. */
    private static SearchRequest cueSearch(String words, List<String> ids) {
        return SearchRequest.of(s -> s.index(CUES).size(20).source(src -> src.fetch(false))
                .query(q -> q.bool(b -> {
                    b.must(m -> m.match(mt -> mt.field("text.stemmed").query(words)
                            .minimumShouldMatch(WordsQuery.MOST_WORDS)))
                            .should(sh -> sh.match(mt -> mt.field("text").query(words)));
                    if (!ids.isEmpty()) {
                        b.filter(f -> f.terms(t -> t.field("talk_id").terms(v -> v.value(
                                ids.stream().map(id -> FieldValue.of(Long.parseLong(id))).toList()))));
                    }
                    return b;
                }))
                .collapse(c -> c.field("talk_id").innerHits(ih -> ih.name("cues").size(3)
                        .source(src -> src.fetch(true))
                        .highlight(h -> h.encoder(HighlighterEncoder.Html).preTags("<mark>").postTags("</mark>")
                                .fields(NamedValue.of("text", HighlightField.of(f -> f.numberOfFragments(0))))))));
    }

    private static void create(ElasticsearchClient es, String name, String body) throws Exception {
        es.indices().delete(d -> d.index(name).ignoreUnavailable(true));
        es.indices().create(c -> c.index(name).withJson(new StringReader(body)));
    }

    private static void check(boolean errors, String index) {
        if (errors) {
            throw new IllegalStateException("bulk indexing into " + index + " had errors");
        }
    }

    /** Refreshes and merges the index to one segment; the seconds since {@code started}. */
    private static double finish(ElasticsearchClient es, String index, long started) throws Exception {
        es.indices().refresh(r -> r.index(index));
        es.indices().forcemerge(f -> f.index(index).maxNumSegments(1L));
        es.indices().refresh(r -> r.index(index));
        return (System.nanoTime() - started) / 1e9;
    }

    private static long size(ElasticsearchClient es, String index) throws Exception {
        return es.indices().stats(s -> s.index(index)).indices().get(index).primaries().store().sizeInBytes();
    }

    private static double mb(long bytes) {
        return bytes / 1024.0 / 1024.0;
    }

    private static String percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format("%.1f / %.1f / %.1f", at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99));
    }

    private static double at(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}
