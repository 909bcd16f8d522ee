package org.talkarchive.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.JsonpUtils;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.talkarchive.infra.elasticsearch.ElasticsearchClients;
import org.talkarchive.search.Meaning;
import org.talkarchive.search.MeaningRequests;
import org.talkarchive.search.TalkQuery;
import org.talkarchive.search.TalkSearchRequests;
import org.talkarchive.search.TalkSearchService;
import org.talkarchive.text.embedding.MiniLmEmbedder;

/**
 * Latency of the search API against the same queries sent to Elasticsearch directly, from a process of its own.
 * Queries are varied: words from real titles, facet filters (year, range, tag, language, event, speaker), sorts
 * and pages, drawn with a fixed seed. Run by bench/run.sh.
 *
 * <p>With search by meaning on, a query the API also searches by meaning is sent to Elasticsearch twice more: as the
 * words' request alone, and as the requests the API sends for it (the words' and the kNN request, side by side, the
 * query's vector computed beforehand): our layer's cost, the query's embedding included, is the API's time over the
 * latter.
 *
 * <p>Arguments: {@code <app url> <elasticsearch url> <alias> <queries> [on|off]} (search by meaning in the API).
 */
public final class SearchBenchmark {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) {
        int status = 0;
        try {
            new SearchBenchmark().run(args[0], args[1], args[2], Integer.parseInt(args[3]),
                    args.length > 4 && args[4].equals("on"));
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status); // a half-built client's I/O threads must not keep a failed run alive
    }

    private void run(String app, String es, String alias, int count, boolean meaningOn) throws Exception {
        try (ElasticsearchClient client = ElasticsearchClients.create(es, Optional.empty())) {
            List<TalkQuery> queries = new BenchQueries(client, alias).draw(count + 200);
            TalkSearchRequests requests = new TalkSearchRequests(alias);
            String[] nearestBodies = meaningOn ? nearestBodies(queries, alias, client) : new String[queries.size()];
            long[] appNanos = new long[count];
            long[] esNanos = new long[count];
            long[] sameNanos = new long[count];
            String[] urls = new String[count];
            long[] engineRoundTrip = new long[count];
            long[] hydration = new long[count];
            int errors = 0;
            long hits = 0;
            long byMeaning = 0;
            for (int i = 0; i < queries.size(); i++) {
                TalkQuery q = queries.get(i);
                String url = app + BenchQueries.apiPath(q);
                String body = requests.json(q, client._jsonpMapper());
                HttpRequest toApp = HttpRequest.newBuilder(URI.create(url)).GET().build();
                HttpRequest toEngine = toEngine(es, alias, body);
                List<HttpRequest> same = nearestBodies[i] == null ? List.of(toEngine)
                        : List.of(toEngine, toEngine(es, alias, nearestBodies[i]));
                // Rotate which goes first: a later request of the same query finds the engine's caches warm.
                Timed a = null;
                Timed e = null;
                Timed s = null;
                int ways = meaningOn ? 3 : 2;
                for (int turn = 0; turn < ways; turn++) {
                    switch ((i + turn) % ways) {
                        case 0 -> a = send(toApp);
                        case 1 -> e = send(toEngine);
                        default -> s = sendTogether(same);
                    }
                }
                s = meaningOn ? s : e;
                if (a.response().statusCode() != 200 || e.response().statusCode() != 200
                        || s.response().statusCode() != 200) {
                    errors++;
                    if (errors <= 3) {
                        String answer = a.response().body();
                        System.err.println("error " + a.response().statusCode() + "/" + e.response().statusCode()
                                + " for " + url + " " + answer.substring(0, Math.min(200, answer.length())));
                    }
                }
                if (i >= 200) { // the first 200 warm both up and are not counted
                    appNanos[i - 200] = a.nanos();
                    urls[i - 200] = url.substring(app.length());
                    esNanos[i - 200] = e.nanos();
                    sameNanos[i - 200] = s.nanos();
                    engineRoundTrip[i - 200] = serverTiming(a.response(), "engine");
                    hydration[i - 200] = serverTiming(a.response(), "hydrate");
                    hits += a.response().body().contains("\"total\":0,") ? 0 : 1;
                    byMeaning += nearestBodies[i] == null ? 0 : 1;
                }
            }
            Integer[] order = new Integer[count];
            for (int i = 0; i < count; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (x, y) -> Long.compare(appNanos[y], appNanos[x]));
            List<String> slowest = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                slowest.add(String.format("  %7.1f ms  %s", appNanos[order[i]] / 1e6, urls[order[i]]));
            }
            report(count, appNanos, esNanos, errors, hits);
            if (meaningOn) {
                Arrays.sort(sameNanos);
                System.out.printf("%d queries searched by meaning too; against the API's own requests (words + kNN):%n",
                        byMeaning);
                line("raw Elasticsearch, API's requests (ms)", sameNanos);
                System.out.printf("overhead of our layer over the same requests: median %.2fx, p99 %.2fx%n",
                        Percentiles.millis(appNanos, 0.5) / Percentiles.millis(sameNanos, 0.5),
                        Percentiles.millis(appNanos, 0.99) / Percentiles.millis(sameNanos, 0.99));
            }
            Arrays.sort(engineRoundTrip);
            Arrays.sort(hydration);
            System.out.println("inside the API (its Server-Timing header):");
            line("  engine round trip (ms)", engineRoundTrip);
            line("  hydration from PostgreSQL (ms)", hydration);
            System.out.println("slowest API queries:");
            slowest.forEach(System.out::println);
        }
    }

    /**
     * For each query the API also searches by meaning, the kNN request it sends beside the words' (null for the
     * others): the vector computed here, before anything is timed, from the text as the API embeds it.
     */
    private static String[] nearestBodies(List<TalkQuery> queries, String alias, ElasticsearchClient client) {
        Meaning meaning = new Meaning(new MiniLmEmbedder(), Meaning.DEFAULT_RULE, id -> Optional.empty());
        MeaningRequests nearest = new MeaningRequests(alias);
        String[] bodies = new String[queries.size()];
        for (int i = 0; i < bodies.length; i++) {
            TalkQuery q = queries.get(i);
            if (meaning.joins(q)) {
                float[] vector = meaning.embedder().embed(Meaning.embeddedText(q.text()));
                bodies[i] = JsonpUtils.toJsonString(nearest.nearest(q, vector, TalkSearchService.FUSION_WINDOW, true),
                        client._jsonpMapper());
            }
        }
        return bodies;
    }

    private static HttpRequest toEngine(String es, String alias, String body) {
        return HttpRequest.newBuilder(URI.create(es + "/" + alias + "/_search"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** A duration from the Server-Timing header, e.g. "engine;dur=8.1", in nanoseconds. */
    static long serverTiming(HttpResponse<String> response, String name) {
        String header = response.headers().firstValue("Server-Timing").orElse("");
        for (String part : header.split(",")) {
            String[] fields = part.trim().split(";dur=");
            if (fields.length == 2 && fields[0].equals(name)) {
                return Math.round(Double.parseDouble(fields[1]) * 1e6);
            }
        }
        return 0;
    }

    record Timed(HttpResponse<String> response, long nanos) {
    }

    /** The requests sent side by side, timed until the last answers; the first one's response is kept. */
    Timed sendTogether(List<HttpRequest> requests) {
        long started = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> answers = requests.stream()
                .map(r -> http.sendAsync(r, HttpResponse.BodyHandlers.ofString())).toList();
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
        long nanos = System.nanoTime() - started;
        return new Timed(answers.stream().filter(f -> f.join().statusCode() != 200).findFirst()
                .orElse(answers.get(0)).join(), nanos);
    }

    Timed send(HttpRequest request) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Timed(response, System.nanoTime() - started);
    }

    private static void report(int n, long[] app, long[] es, int errors, long withHits) {
        Arrays.sort(app);
        Arrays.sort(es);
        System.out.printf("Search latency over %d varied queries (after 200 warm-up), %d with hits, %d errors%n",
                n, withHits, errors);
        System.out.printf("%-28s %8s %8s %8s %8s%n", "", "median", "p90", "p99", "max");
        line("API  GET /api/talks (ms)", app);
        line("raw Elasticsearch _search (ms)", es);
        System.out.printf("overhead of our layer: median %.2fx, p99 %.2fx%n",
                Percentiles.millis(app, 0.5) / Percentiles.millis(es, 0.5),
                Percentiles.millis(app, 0.99) / Percentiles.millis(es, 0.99));
    }

    static void line(String label, long[] sorted) {
        System.out.printf("%-28s %8.2f %8.2f %8.2f %8.2f%n", label, Percentiles.millis(sorted, 0.5),
                Percentiles.millis(sorted, 0.9), Percentiles.millis(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
    }
}
