package org.talkarchive.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.talkarchive.infra.elasticsearch.ElasticsearchClients;
import org.talkarchive.search.TalkQuery;

/**
 * Latency of two builds of the archive serving the same data, measured in one run: every query goes to both, the
 * two taking turns going first, so a busy machine slows both alike and the ratio stays honest. Run by
 * bench/compare.sh.
 *
 * <p>Where process ids are given, it also prints the CPU time each build spent per query, in its application and
 * engine (the server process and its children) and in its PostgreSQL (the postmaster and its backends): on a busy
 * machine, wall time waits for the CPU, CPU time does not.
 *
 * <p>Arguments: {@code <base app url> <base elasticsearch url> <head app url> <alias> <queries>
 * [<base server pid> <base postmaster pid> <head server pid> <head postmaster pid>]}.
 */
public final class CompareBenchmark {

    private static final int WARM_UP = 200;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) {
        int status = 0;
        try {
            long[] pids = Arrays.stream(args).skip(5).mapToLong(Long::parseLong).toArray();
            new CompareBenchmark().run(args[0], args[1], args[2], args[3], Integer.parseInt(args[4]), pids);
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    private void run(String base, String baseEs, String head, String alias, int count, long[] pids)
            throws Exception {
        List<TalkQuery> queries;
        try (ElasticsearchClient client = ElasticsearchClients.create(baseEs, Optional.empty())) {
            queries = new BenchQueries(client, alias).draw(count + WARM_UP);
        }
        long[][] total = new long[2][count];
        long[][] engine = new long[2][count];
        long[][] hydrate = new long[2][count];
        int[] errors = new int[2];
        int differentCounts = 0;
        String[] apps = {base, head};
        Duration[] cpuAtStart = new Duration[pids.length];
        for (int i = 0; i < queries.size(); i++) {
            if (i == WARM_UP) {
                for (int p = 0; p < pids.length; p++) {
                    cpuAtStart[p] = cpu(pids[p]);
                }
            }
            String path = BenchQueries.apiPath(queries.get(i));
            @SuppressWarnings("unchecked")
            HttpResponse<String>[] answers = new HttpResponse[2];
            long[] nanos = new long[2];
            for (int turn = 0; turn < 2; turn++) {
                int side = (i + turn) % 2; // base first on even queries, head first on odd ones
                long started = System.nanoTime();
                answers[side] = http.send(HttpRequest.newBuilder(URI.create(apps[side] + path)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                nanos[side] = System.nanoTime() - started;
            }
            for (int side = 0; side < 2; side++) {
                if (answers[side].statusCode() != 200) {
                    errors[side]++;
                }
                if (i >= WARM_UP) {
                    total[side][i - WARM_UP] = nanos[side];
                    engine[side][i - WARM_UP] = SearchBenchmark.serverTiming(answers[side], "engine");
                    hydrate[side][i - WARM_UP] = SearchBenchmark.serverTiming(answers[side], "hydrate");
                }
            }
            if (i >= WARM_UP && !total(answers[0]).equals(total(answers[1]))) {
                differentCounts++;
            }
        }
        System.out.printf("%d queries to both builds (after %d warm-up), taking turns going first; errors: base %d,"
                + " head %d; result counts differ on %d%n", count, WARM_UP, errors[0], errors[1], differentCounts);
        System.out.printf("%-36s %8s %8s %8s %8s%n", "", "median", "p90", "p99", "max");
        String[] names = {"base", "head"};
        for (int side = 0; side < 2; side++) {
            Arrays.sort(total[side]);
            Arrays.sort(engine[side]);
            Arrays.sort(hydrate[side]);
        }
        for (int side = 0; side < 2; side++) {
            SearchBenchmark.line(names[side] + " API GET /api/talks (ms)", total[side]);
        }
        for (int side = 0; side < 2; side++) {
            SearchBenchmark.line(names[side] + "   engine round trip (ms)", engine[side]);
            SearchBenchmark.line(names[side] + "   hydration (ms)", hydrate[side]);
        }
        System.out.printf("head / base: median %+.1f%%, p90 %+.1f%%, p99 %+.1f%%%n",
                change(total, 0.5), change(total, 0.9), change(total, 0.99));
        if (pids.length == 4) {
            double[] perQuery = new double[4];
            for (int p = 0; p < 4; p++) {
                perQuery[p] = cpu(pids[p]).minus(cpuAtStart[p]).toNanos() / 1e6 / count;
            }
            System.out.printf("CPU per query (ms): base application+engine %.2f, PostgreSQL %.2f; head %.2f, %.2f;"
                    + " head / base %+.1f%% (both processes)%n", perQuery[0], perQuery[1], perQuery[2], perQuery[3],
                    100 * ((perQuery[2] + perQuery[3]) / (perQuery[0] + perQuery[1]) - 1));
        }
    }

    /** CPU time so far of a process and its descendants (the server's embedded engine; a postmaster's backends). */
    private static Duration cpu(long pid) {
        ProcessHandle process = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException("no process " + pid));
        return Stream.concat(Stream.of(process), process.descendants())
                .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus);
    }

    private static double change(long[][] sorted, double p) {
        return 100 * (Percentiles.millis(sorted[1], p) / Percentiles.millis(sorted[0], p) - 1);
    }

    /** The "total" of an API answer, as text: the two builds should find the same number of talks. */
    private static String total(HttpResponse<String> answer) {
        String body = answer.body();
        int at = body.indexOf("\"total\":");
        if (at < 0) {
            return "";
        }
        int end = at + 8;
        while (end < body.length() && Character.isDigit(body.charAt(end))) {
            end++;
        }
        return body.substring(at, end);
    }
}
