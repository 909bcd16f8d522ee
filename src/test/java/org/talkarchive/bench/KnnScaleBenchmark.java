package org.talkarchive.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._helpers.bulk.BulkIngester;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.json.JsonData;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.talkarchive.importer.CorpusRecords.Talk;
import org.talkarchive.importer.PyvideoCorpusReader;
import org.talkarchive.indexer.IndexDefinition;
import org.talkarchive.infra.Json;
import org.talkarchive.infra.elasticsearch.ElasticsearchClients;
import org.talkarchive.infra.elasticsearch.EmbeddedElasticsearch;
import org.talkarchive.infra.elasticsearch.JavaRuntimes;
import org.talkarchive.infra.elasticsearch.NodeJvm;
import org.talkarchive.search.MeaningRequests;
import org.talkarchive.search.TalkQuery;
import org.talkarchive.synthetic.CorpusModel;
import org.talkarchive.synthetic.SyntheticCorpus;
import org.talkarchive.text.embedding.EmbeddingInput;
import org.talkarchive.text.embedding.MiniLmEmbedder;

/**
 * The archive's kNN request at a large size. An index of the archive's own definition on an embedded node holds
 * {@code TALKS} talks' vectors (with the year, language, description and duplicate key the request filters, collapses
 * and highlights on), and {@link MeaningRequests#nearest} is timed for the judged queries' vectors, without a filter
 * and with a year range, beside the exact answer (every vector compared, in this JVM) that gives HNSW's recall.
 * Then the recall and latency as the candidates per shard grow, on the index as written and merged into one segment.
 * <p>
 * The vectors: {@code BASE} talks of the seeded generator ({@code generate --seed 42}) embedded with the archive's
 * model, each the centre of {@code TALKS / BASE} vectors around it (seeded noise, cosine about 0.9 to the centre),
 * since embedding a million talks takes hours on two cores (the rate is printed; see docs/benchmarks.md).
 * <p>
 * Usage: {@code KnnScaleBenchmark TALKS BASE QUERIES WORKDIR}.
 */
public final class KnnScaleBenchmark {

    private static final String ALIAS = "knn-bench";
    private static final int K = 30;
    private static final int EXACT_QUERIES = 40;
    private static final int CANDIDATE_QUERIES = 400;
    private static final long SEED = 42;

    record Base(String title, String description, String language, int year, float[] vector) {
    }

    public static void main(String[] args) throws Exception {
        int talks = Integer.parseInt(args[0]);
        int baseSize = Integer.parseInt(args[1]);
        int queries = Integer.parseInt(args[2]);
        Path work = Path.of(args[3]);
        ObjectMapper json = Json.create(); // snake_case, as the generator's model is written
        MiniLmEmbedder model = new MiniLmEmbedder();

        List<Base> base = embedSyntheticTalks(json, model, baseSize, work.resolve("corpus"));
        List<float[]> queryVectors = judgedQueryVectors(model);

        NodeJvm jvm = new NodeJvm(JavaRuntimes.findJavaExecutable(System.getenv("ES_JAVA_HOME"),
                System.getenv("JAVA_HOME")), System.getProperty("heap", "1g"));
        try (EmbeddedElasticsearch node = EmbeddedElasticsearch.start(work.resolve("node"),
                Path.of("target/elasticsearch-node"), jvm)) {
            ElasticsearchClient es = ElasticsearchClients.create(node.url(), Optional.empty(), Duration.ofMinutes(30));
            try {
                float[][] vectors = new float[talks][];
                load(es, json, base, vectors);
                timeQueries(es, vectors, queryVectors, queries);
            } finally {
                es.close(); // its I/O threads would keep the JVM running
            }
        }
    }

    /** The seeded generator's first {@code size} talks, read as the importer reads them and embedded as published. */
    private static List<Base> embedSyntheticTalks(ObjectMapper json, MiniLmEmbedder model, int size, Path corpus) {
        new SyntheticCorpus(CorpusModel.builtIn(json), json).generate(size, SEED, corpus, n -> { });
        List<Talk> talks = new PyvideoCorpusReader(json).read(corpus, n -> { }).events().stream()
                .flatMap(event -> event.talks().stream()).toList();
        long started = System.nanoTime();
        List<Base> base = new ArrayList<>();
        for (int from = 0; from < talks.size(); from += 32) {
            List<Talk> batch = talks.subList(from, Math.min(talks.size(), from + 32));
            List<float[]> vectors = model.embed(batch.stream()
                    .map(t -> EmbeddingInput.of(t.title(), t.tags(), t.description()).text()).toList());
            for (int i = 0; i < batch.size(); i++) {
                Talk t = batch.get(i);
                base.add(new Base(t.title(), Objects.requireNonNullElse(t.description(), ""),
                        Objects.requireNonNullElse(t.language(), "eng"),
                        t.recorded() == null ? 2015 : t.recorded().getYear(), vectors.get(i)));
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "embedded %,d synthetic talks in %.1f s: %.0f talks/s%n", base.size(),
                seconds, base.size() / seconds);
        return base;
    }

    /** The judged queries of the relevance benchmark, embedded: what viewers type, not talks' own texts. */
    private static List<float[]> judgedQueryVectors(MiniLmEmbedder model) throws IOException {
        List<String> texts = Files.readAllLines(Path.of("src/test/resources/relevance/meaning-queries.tsv")).stream()
                .skip(1).filter(line -> !line.isBlank()).map(line -> line.split("\t")[1]).toList();
        return model.embed(texts);
    }

    /** Creates the index and writes a document for each of {@code vectors}, which it fills. */
    private static void load(ElasticsearchClient es, ObjectMapper json, List<Base> base, float[][] vectors)
            throws IOException {
        int talks = vectors.length;
        String index = ALIAS + "-1";
        String definition = IndexDefinition.load(json).json();
        es.indices().create(c -> c.index(index).withJson(new StringReader(definition)));
        // as a reindex writes: no refresh until the end
        es.indices().putSettings(p -> p.index(index).settings(x -> x.refreshInterval(t -> t.time("-1"))));
        es.indices().putAlias(a -> a.index(index).name(ALIAS));
        SplittableRandom random = new SplittableRandom(SEED);
        long started = System.nanoTime();
        try (BulkIngester<Void> bulk = BulkIngester.of(b -> b.client(es).maxOperations(1000).maxConcurrentRequests(2)
                .maxSize(20L * 1024 * 1024))) {
            for (int i = 0; i < talks; i++) {
                Base centre = base.get(i % base.size());
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("id", i + 1);
                doc.put("title", centre.title());
                doc.put("description", centre.description());
                doc.put("language", centre.language());
                doc.put("year", centre.year() - 3 + random.nextInt(7));
                doc.put("duplicate_key", "talk-" + (i + 1));
                doc.put("recorded_more_than_once", false);
                vectors[i] = around(centre.vector(), random);
                doc.put("embedding", vectors[i]);
                String id = Integer.toString(i + 1);
                bulk.add(op -> op.index(x -> x.index(index).id(id).document(JsonData.of(doc))));
                if ((i + 1) % 100_000 == 0) {
                    System.out.printf(Locale.ROOT, "  %,d written, %.0f s%n", i + 1,
                            (System.nanoTime() - started) / 1e9);
                }
            }
        }
        double written = (System.nanoTime() - started) / 1e9;
        es.indices().putSettings(p -> p.index(index).settings(x -> x.refreshInterval(t -> t.time("1s"))));
        es.indices().refresh(r -> r.index(index));
        double searchable = (System.nanoTime() - started) / 1e9;
        long docs = es.count(c -> c.index(index)).count();
        long segments = es.indices().segments(s -> s.index(index)).indices().get(index).shards().values().stream()
                .flatMap(copies -> copies.stream()).mapToLong(shard -> shard.segments().size()).sum();
        System.out.printf(Locale.ROOT, "indexed %,d talks' vectors in %.1f s (%.0f/s), searchable after %.1f s;"
                + " %d segments%n", docs, written, talks / written, searchable, segments);
    }

    /**
     * A unit vector near {@code centre}: the centre plus Gaussian noise of 0.0247 per dimension, whose length
     * (about 0.48) puts it at a cosine of about 0.9 to the centre.
     */
    private static float[] around(float[] centre, SplittableRandom random) {
        float[] v = new float[centre.length];
        double norm = 0;
        for (int d = 0; d < v.length; d++) {
            v[d] = (float) (centre[d] + 0.0247 * gaussian(random));
            norm += v[d] * v[d];
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int d = 0; d < v.length; d++) {
            v[d] *= scale;
        }
        return v;
    }

    private static double gaussian(SplittableRandom random) { // Box-Muller
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private static void timeQueries(ElasticsearchClient es, float[][] talks, List<float[]> vectors, int count)
            throws IOException {
        MeaningRequests requests = new MeaningRequests(ALIAS);
        TalkQuery plain = TalkQuery.parse(Map.of("q", List.of("benchmark")), Set.of());
        TalkQuery years = TalkQuery.parse(Map.of("q", List.of("benchmark"), "year_from", List.of("2014"),
                "year_to", List.of("2016")), Set.of());
        for (int i = 0; i < 100; i++) { // warm-up
            es.search(requests.nearest(i % 2 == 0 ? plain : years, vectors.get(i % vectors.size()), K, false),
                    Void.class);
        }
        for (TalkQuery query : List.of(plain, years)) {
            long[] client = new long[count];
            long[] took = new long[count];
            long hits = 0;
            for (int i = 0; i < count; i++) {
                SearchRequest request = requests.nearest(query, vectors.get(i % vectors.size()), K, false);
                long started = System.nanoTime();
                SearchResponse<Void> response = es.search(request, Void.class);
                client[i] = System.nanoTime() - started;
                took[i] = response.took();
                hits += response.hits().hits().size();
            }
            Arrays.sort(client);
            Arrays.sort(took);
            System.out.printf(Locale.ROOT, "kNN, %s: %,d requests, %.1f hits each; client p50 / p90 / p99"
                            + " %.1f / %.1f / %.1f ms; engine's took %d / %d / %d ms%n",
                    query == plain ? "no filter" : "years 2014-2016", count, hits / (double) count,
                    Percentiles.millis(client, 0.50), Percentiles.millis(client, 0.90),
                    Percentiles.millis(client, 0.99),
                    Percentiles.at(took, 0.50), Percentiles.at(took, 0.90), Percentiles.at(took, 0.99));
        }
        candidatesAndSegments(es, requests, plain, vectors, exact(talks, vectors));
    }

    /** Some query vectors, and the talks truly nearest each (their ids): what recall is measured against. */
    private record Truth(List<float[]> queries, List<Set<String>> nearest) {
    }

    /**
     * The exact nearest talks (at or above the kNN request's similarity floor) of {@link #EXACT_QUERIES} of the
     * query vectors, found by comparing each with every vector here in the benchmark's JVM (the embedded node has
     * no scripting to do it): the baseline's time, and the truth that recall is measured against.
     */
    private static Truth exact(float[][] talks, List<float[]> vectors) {
        long[] nanos = new long[EXACT_QUERIES];
        List<float[]> queries = new ArrayList<>();
        List<Set<String>> nearest = new ArrayList<>();
        for (int i = 0; i < EXACT_QUERIES; i++) {
            float[] vector = vectors.get(i * vectors.size() / EXACT_QUERIES);
            queries.add(vector);
            long started = System.nanoTime();
            // the K best at or above the floor, lowest first
            PriorityQueue<double[]> best = new PriorityQueue<>(Comparator.comparingDouble(b -> b[0]));
            for (int t = 0; t < talks.length; t++) {
                double similarity = 0;
                for (int d = 0; d < vector.length; d++) {
                    similarity += vector[d] * talks[t][d];
                }
                if (similarity >= MeaningRequests.MIN_SIMILARITY
                        && (best.size() < K || similarity > best.peek()[0])) {
                    best.add(new double[] {similarity, t + 1});
                    if (best.size() > K) {
                        best.poll();
                    }
                }
            }
            nanos[i] = System.nanoTime() - started;
            nearest.add(best.stream().map(b -> Long.toString((long) b[1])).collect(Collectors.toSet()));
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "exact (every vector compared in one thread), no filter: %d queries, p50 /"
                + " max %.0f / %.0f ms%n", EXACT_QUERIES, Percentiles.millis(nanos, 0.50),
                nanos[EXACT_QUERIES - 1] / 1e6);
        return new Truth(queries, nearest);
    }

    /**
     * The kNN request's recall of the exact answer and its latency as the candidates per shard grow from the
     * archive's ({@link MeaningRequests#CANDIDATES_PER_RESULT} per result) to 8 times as many, on the index as
     * written and again once merged into one segment (one HNSW graph
     * searched instead of one per segment).
     */
    private static void candidatesAndSegments(ElasticsearchClient es, MeaningRequests requests, TalkQuery plain,
                                              List<float[]> vectors, Truth truth) throws IOException {
        String index = ALIAS + "-1";
        for (boolean merged : List.of(false, true)) {
            if (merged) {
                long started = System.nanoTime();
                es.indices().forcemerge(f -> f.index(index).maxNumSegments(1L));
                System.out.printf(Locale.ROOT, "merged into one segment in %.1f s%n",
                        (System.nanoTime() - started) / 1e9);
            }
            for (int times : List.of(1, 2, 4, 8)) {
                int candidates = K * MeaningRequests.CANDIDATES_PER_RESULT * times;
                double recall = 0;
                for (int i = 0; i < truth.queries().size(); i++) {
                    Set<String> found = new HashSet<>();
                    es.search(requests.nearest(plain, truth.queries().get(i), K, candidates, false), Void.class)
                            .hits().hits().forEach(h -> found.add(h.id()));
                    Set<String> exact = truth.nearest().get(i);
                    recall += exact.isEmpty() ? 1 : exact.stream().filter(found::contains).count()
                            / (double) exact.size();
                }
                long[] client = new long[CANDIDATE_QUERIES];
                for (int i = 0; i < CANDIDATE_QUERIES; i++) {
                    SearchRequest request = requests.nearest(plain, vectors.get(i % vectors.size()), K, candidates,
                            false);
                    long started = System.nanoTime();
                    es.search(request, Void.class);
                    client[i] = System.nanoTime() - started;
                }
                Arrays.sort(client);
                System.out.printf(Locale.ROOT, "%s, %d candidates per shard: recall of the exact %d nearest %.3f;"
                                + " client p50 / p99 %.1f / %.1f ms (%d requests)%n",
                        merged ? "one segment" : "as written", candidates, K, recall / truth.queries().size(),
                        Percentiles.millis(client, 0.50), Percentiles.millis(client, 0.99), CANDIDATE_QUERIES);
            }
        }
    }

    private KnnScaleBenchmark() {
    }
}
