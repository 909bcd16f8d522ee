package org.talkarchive.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.postgresql.ds.PGSimpleDataSource;
import org.talkarchive.infra.elasticsearch.ElasticsearchClients;
import org.talkarchive.search.FacetSampling;
import org.talkarchive.search.PostgresFacetSearch;
import org.talkarchive.search.TalkQuery;
import org.talkarchive.search.FacetRequests;
import org.talkarchive.search.TalkSearchRequests;

/**
 * A realistic query mix with facets, answered four ways in the same run: the search API; the identical requests
 * sent to Elasticsearch directly (with facets sampled as the API samples them, see FacetSampling, and the second,
 * exact request for a search that matched fewer talks than a sample); the one request that counts every facet
 * exactly, as the API did before it sampled; and PostgreSQL full-text search with GROUP BY facet counts (the
 * archive's own fallback: the same words, filters, sort, page, and counts of year, event, speaker, tag and
 * language). They take turns going first, since a later one finds caches warm. Run by bench/scale.sh.
 *
 * <p>Arguments: {@code <app url> <elasticsearch url> <alias> <data dir (engines.json)> <queries> [engines-only]}.
 * With {@code engines-only} PostgreSQL is left out (at a million talks it takes most of the run's time), for
 * trying settings of the search engine. The slowest queries on the engine are printed last, for whoever tunes it.
 */
public final class ScaleBenchmark {

    private static final int WARM_UP = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static HttpRequest toEngine(String es, String alias, String body) {
        return HttpRequest.newBuilder(URI.create(es + "/" + alias + "/_search"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            boolean withPostgres = args.length < 6 || !args[5].equals("engines-only");
            run(args[0], args[1], args[2], Path.of(args[3]), Integer.parseInt(args[4]), withPostgres);
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    private static void run(String app, String es, String alias, Path dataDir, int count, boolean withPostgres)
            throws Exception {
        JsonNode engines = new ObjectMapper().readTree(dataDir.resolve("engines.json").toFile());
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL(engines.path("jdbcUrl").asText());
        postgres.setUser(engines.path("user").asText());
        PostgresFacetSearch pg = new PostgresFacetSearch(postgres);
        SearchBenchmark sender = new SearchBenchmark();
        try (ElasticsearchClient client = ElasticsearchClients.create(es, Optional.empty())) {
            List<TalkQuery> mix = new BenchQueries(client, alias).draw(count + WARM_UP);
            TalkSearchRequests requests = new TalkSearchRequests(alias);
            FacetSampling sampling = FacetSampling.DEFAULT;
            double probability = sampling.probability(client.count(c -> c.index(alias)).count());
            System.out.printf("Facets sampled with probability %s (TALKS_FACET_SAMPLE %,d)%n",
                    probability < 1 ? String.format("%.4f", probability) : "1 (every talk counted)",
                    sampling.sampleSize());
            int ways = withPostgres ? 4 : 3;
            var mapper = client._jsonpMapper();
            long[][] nanos = new long[ways][count];
            List<Map.Entry<Long, String>> onEngine = new ArrayList<>();
            int errors = 0;
            long apiWithHits = 0;
            long pgWithHits = 0;
            for (int i = 0; i < count + WARM_UP; i++) {
                TalkQuery q = mix.get(i);
                HttpRequest toApp = HttpRequest.newBuilder(URI.create(app + BenchQueries.apiPath(q))).GET().build();
                HttpRequest asTheApi = toEngine(es, alias, requests.json(q, probability, mapper));
                HttpRequest facetsExactly = toEngine(es, alias, requests.facetsJson(q, mapper));
                HttpRequest allCounted = toEngine(es, alias, requests.json(q, mapper));
                long[] took = new long[4];
                boolean[] hits = new boolean[4];
                for (int k = 0; k < ways; k++) {
                    int way = (i + k) % ways;
                    long started = System.nanoTime();
                    switch (way) {
                        case 0 -> {
                            var a = sender.send(toApp);
                            errors += a.response().statusCode() == 200 ? 0 : 1;
                            hits[0] = !a.response().body().contains("\"total\":0,");
                        }
                        case 1 -> {
                            var answer = sender.send(asTheApi).response();
                            errors += answer.statusCode() == 200 ? 0 : 1;
                            // as TalkSearchService decides: how many talks the words match, from the sample
                            long sampled = JSON.readTree(answer.body())
                                    .at("/aggregations/" + FacetRequests.SAMPLED + "/doc_count").asLong();
                            if (probability < 1 && sampling.countExactly(sampled, probability)) {
                                errors += sender.send(facetsExactly).response().statusCode() == 200 ? 0 : 1;
                            }
                        }
                        case 2 -> errors += sender.send(allCounted).response().statusCode() == 200 ? 0 : 1;
                        default -> hits[3] = pg.search(q).total() > 0;
                    }
                    took[way] = System.nanoTime() - started;
                }
                if (i >= WARM_UP) {
                    for (int way = 0; way < ways; way++) {
                        nanos[way][i - WARM_UP] = took[way];
                    }
                    onEngine.add(Map.entry(took[1], BenchQueries.apiPath(q)));
                    apiWithHits += hits[0] ? 1 : 0;
                    pgWithHits += hits[3] ? 1 : 0;
                }
            }
            System.out.printf("Query mix with facets: %d queries (after %d warm-up), %d errors; with hits: API %d,"
                    + " PostgreSQL %d%n", count, WARM_UP, errors, apiWithHits, pgWithHits);
            System.out.printf("%-44s %8s %8s %8s %8s%n", "", "p50", "p90", "p99", "max");
            String[] labels = {"API GET /api/talks (ms)", "raw Elasticsearch, as the API asks (ms)",
                    "raw Elasticsearch, every facet counted (ms)", "PostgreSQL FTS + GROUP BY facets (ms)"};
            List<double[]> rows = new ArrayList<>();
            for (int way = 0; way < ways; way++) {
                long[] sorted = nanos[way].clone();
                Arrays.sort(sorted);
                double[] row = {Percentiles.millis(sorted, 0.5), Percentiles.millis(sorted, 0.9),
                        Percentiles.millis(sorted, 0.99), sorted[sorted.length - 1] / 1e6};
                rows.add(row);
                System.out.printf("%-44s %8.2f %8.2f %8.2f %8.2f%n", labels[way], row[0], row[1], row[2], row[3]);
            }
            if (withPostgres) {
                System.out.printf("PostgreSQL / API: p50 %.2fx, p99 %.2fx%n", rows.get(3)[0] / rows.get(0)[0],
                        rows.get(3)[2] / rows.get(0)[2]);
            }
            System.out.println("Slowest on Elasticsearch (ms, as the API was asked):");
            onEngine.stream().sorted(Map.Entry.<Long, String>comparingByKey().reversed()).limit(10)
                    .forEach(e -> System.out.printf("  %8.1f  %s%n", e.getKey() / 1e6, e.getValue()));
        }
    }
}
