package org.talkarchive.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import org.talkarchive.infra.elasticsearch.ElasticsearchClients;
import org.talkarchive.search.TalkQuery;
import org.talkarchive.search.TalkSearchRequests;

/**
 * Searches from many viewers at once, on loopback, for a bounded time at each level of concurrency: the API beside
 * raw Elasticsearch given the same queries by as many clients. Prints throughput, latency, what the answers were
 * (200 from the engine, 200 degraded to PostgreSQL, 503 with Retry-After, anything else) and, after each flood, how
 * long until a search is answered by the engine again.
 *
 * <p>Usage: LoadBenchmark appUrl esUrl alias seconds clients...
 */
public final class LoadBenchmark {

    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) {
        int status = 0;
        try {
            List<Integer> levels = new ArrayList<>();
            for (int i = 4; i < args.length; i++) {
                levels.add(Integer.parseInt(args[i]));
            }
            new LoadBenchmark().run(args[0], args[1], args[2], Duration.ofSeconds(Long.parseLong(args[3])), levels);
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    private void run(String app, String es, String alias, Duration each, List<Integer> levels) throws Exception {
        try (ElasticsearchClient client = ElasticsearchClients.create(es, Optional.empty())) {
            List<TalkQuery> queries = new BenchQueries(client, alias).draw(20_000);
            TalkSearchRequests requests = new TalkSearchRequests(alias);
            List<String> bodies = new ArrayList<>(queries.size());
            for (TalkQuery q : queries) {
                bodies.add(requests.json(q, client._jsonpMapper()));
            }
            IntFunction<HttpRequest> toApp = i -> HttpRequest.newBuilder(
                    URI.create(app + BenchQueries.apiPath(queries.get(i % queries.size()))))
                    .timeout(CLIENT_TIMEOUT).GET().build();
            IntFunction<HttpRequest> toEngine = i -> HttpRequest.newBuilder(URI.create(es + "/" + alias + "/_search"))
                    .timeout(CLIENT_TIMEOUT).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(bodies.get(i % bodies.size()))).build();

            flood("warm-up, API", toApp, 4, Duration.ofSeconds(5), new AtomicInteger());
            System.out.printf("%-24s %8s %9s %8s %8s %8s  %s%n", "", "requests", "per s", "median", "p99", "max",
                    "answers");
            AtomicInteger next = new AtomicInteger();
            for (int clients : levels) {
                int from = next.get();
                print(flood("API, " + clients + " clients", toApp, clients, each, next));
                System.out.println("  " + healing(app));
                next.set(from); // raw Elasticsearch gets the same queries
                print(flood("raw ES, " + clients + " clients", toEngine, clients, each, next));
            }
        }
    }

    private record Figures(String label, int requests, Duration took, List<Long> nanos, Map<String, Integer> answers) {
    }

    /** {@code clients} threads sending one request after another until {@code duration} has passed. */
    private Figures flood(String label, IntFunction<HttpRequest> request, int clients, Duration duration,
                          AtomicInteger next) throws InterruptedException {
        List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
        Map<String, LongAdder> answers = new ConcurrentHashMap<>();
        long started = System.nanoTime();
        long deadline = started + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            pool.execute(() -> {
                while (System.nanoTime() < deadline) {
                    long sent = System.nanoTime();
                    String answer;
                    try {
                        answer = kind(http.send(request.apply(next.getAndIncrement()),
                                HttpResponse.BodyHandlers.ofString()));
                    } catch (HttpTimeoutException e) {
                        answer = "no answer in " + CLIENT_TIMEOUT.toSeconds() + " s";
                    } catch (Exception e) {
                        answer = e.getClass().getSimpleName();
                    }
                    nanos.add(System.nanoTime() - sent);
                    answers.computeIfAbsent(answer, a -> new LongAdder()).increment();
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(duration.plus(CLIENT_TIMEOUT).plusSeconds(10).toSeconds(), TimeUnit.SECONDS)) {
            pool.shutdownNow();
        }
        Map<String, Integer> counted = new TreeMap<>();
        answers.forEach((k, v) -> counted.put(k, v.intValue()));
        return new Figures(label, nanos.size(), Duration.ofNanos(System.nanoTime() - started), new ArrayList<>(nanos),
                counted);
    }

    private static String kind(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status == 200) {
            return response.body().contains("\"degraded\":true") ? "200 degraded" : "200";
        }
        if (status == 503) {
            return response.headers().firstValue("Retry-After").isPresent() ? "503 Retry-After" : "503 bare";
        }
        return Integer.toString(status);
    }

    private static void print(Figures f) {
        List<Long> sorted = new ArrayList<>(f.nanos());
        Collections.sort(sorted);
        long[] array = sorted.stream().mapToLong(Long::longValue).toArray();
        System.out.printf("%-24s %8d %9.1f %8.1f %8.1f %8.1f  %s%n", f.label(), f.requests(),
                f.requests() / (f.took().toNanos() / 1e9), Percentiles.millis(array, 0.5),
                Percentiles.millis(array, 0.99), array.length == 0 ? 0 : array[array.length - 1] / 1e6,
                f.answers());
    }

    /** After a flood: how long until one viewer's search is answered by the engine again (not degraded). */
    private String healing(String app) throws InterruptedException {
        long started = System.nanoTime();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(app + "/api/talks?q=python"))
                .timeout(CLIENT_TIMEOUT).GET().build();
        for (int attempt = 0; attempt < 120; attempt++) {
            try {
                HttpResponse<String> response = http.send(probe, HttpResponse.BodyHandlers.ofString());
                if ("200".equals(kind(response))) {
                    return String.format("after the flood, answered by the engine again in %.1f s",
                            (System.nanoTime() - started) / 1e9);
                }
            } catch (Exception e) {
                // not yet
            }
            Thread.sleep(500);
        }
        return "after the flood, still not answered by the engine 60 s later";
    }
}
