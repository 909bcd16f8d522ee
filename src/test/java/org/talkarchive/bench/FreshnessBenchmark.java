package org.talkarchive.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.ds.PGSimpleDataSource;
import org.talkarchive.Archive;
import org.talkarchive.config.ArchiveConfig;
import org.talkarchive.importer.ImportProgress;

/**
 * Write-to-searchable latency, polling against LISTEN/NOTIFY, in one run on the same engines and data: single
 * updates (one talk's title gets a new word; the time from the UPDATE until a search on Elasticsearch finds the
 * word) and one bulk UPDATE (how long the UPDATE took until its commit, then until every row is found, and the
 * rows per second from the commit: the publisher's rate, as it cannot see the rows before). The publisher runs in
 * this process as {@code serve} runs it: before, polling every 250 ms (as serve did); after, woken by notifications
 * with the 1 s fallback poll. Run by bench/freshness.sh.
 *
 * <p>Arguments: {@code <corpus folder> <single updates> <bulk rows>}; TALKS_DATA_DIR names fresh engines. A corpus
 * folder of {@code -} imports nothing: the engines in TALKS_DATA_DIR already hold the talks (say, the million of a
 * scale run), indexed.
 */
public final class FreshnessBenchmark {

    private static final Duration OLD_POLL = Duration.ofMillis(250);
    private static final Duration GIVE_UP = Duration.ofSeconds(30);
    // A single update is timed to the millisecond, so it is looked for every 2 ms. A bulk takes seconds: looked for
    // that often, the counting searches (500 a second) would take the cores the publishing needs.
    private static final Duration SINGLE_POLL = Duration.ofMillis(2);
    private static final Duration BULK_POLL = Duration.ofMillis(50);

    // In every word this run appends, so a run on the engines of an earlier one (a data directory given) does not
    // find that run's words at once: one token of letters and digits, as "x12q" is.
    private final String run = Long.toString(System.currentTimeMillis(), 36);

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final Random random = new Random(42);
    private String searchUrl;
    private Jdbi jdbi;

    public static void main(String[] args) {
        int status = 0;
        try {
            new FreshnessBenchmark().run(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    /**
     * @param bulkSeconds         from the bulk UPDATE's start until every row is found
     * @param bulkUpdateSeconds   the UPDATE itself, until it committed (the triggers' work is in it)
     */
    private record Result(String mode, long[] singleNanos, int bulkRows, double bulkSeconds, double bulkUpdateSeconds) {
        double publishedPerSecond() { // from the commit, which is when the publisher can see the rows
            return bulkRows / (bulkSeconds - bulkUpdateSeconds);
        }
    }

    private void run(Path corpus, int updates, int bulkRows) throws Exception {
        ArchiveConfig config = ArchiveConfig.fromEnvironment(System.getenv());
        try (Archive archive = Archive.start(config)) {
            if (!corpus.toString().equals("-")) {
                archive.importer().importCorpus(corpus, ImportProgress.NONE);
            }
            archive.ensureIndex();
            archive.sync().syncAll();
            archive.index().refresh();
            JsonNode engines = json.readTree(config.dataDir().resolve("engines.json").toFile());
            PGSimpleDataSource postgres = new PGSimpleDataSource();
            postgres.setURL(engines.path("jdbcUrl").asText());
            postgres.setUser(engines.path("user").asText());
            jdbi = Jdbi.create(postgres);
            searchUrl = engines.path("elasticsearchUrl").asText() + "/" + config.indexAlias() + "/_search";
            List<Long> ids = jdbi.withHandle(h -> h.createQuery("""
                    SELECT id FROM talk ORDER BY id
                    """).mapTo(Long.class).list());
            System.out.printf("%,d talks imported and indexed; %d single updates and a bulk update of %,d rows each"
                    + " way%n", ids.size(), updates, bulkRows);
            Result polling;
            Result notified;
            try {
                polling = measure(archive, "polling", false, ids, updates, bulkRows);
                notified = measure(archive, "notify", true, ids, updates, bulkRows);
            } finally {
                restoreTitles(archive);
            }
            System.out.printf("%-46s %8s %8s %8s %8s %14s   %s%n", "write-to-searchable", "p50 ms", "p90 ms",
                    "p99 ms", "max ms", "bulk rows/s",
                    "(bulk: UPDATE until commit + commit until all found; rows/s from commit)");
            for (Result r : List.of(polling, notified)) {
                long[] sorted = r.singleNanos().clone();
                Arrays.sort(sorted);
                System.out.printf("%-46s %8.1f %8.1f %8.1f %8.1f %,14.0f   (%.1f s + %.1f s; %,.0f rows/s)%n",
                        r.mode().equals("polling") ? "before: polling every 250 ms"
                                : "after: LISTEN/NOTIFY, 1 s fallback poll",
                        Percentiles.millis(sorted, 0.5), Percentiles.millis(sorted, 0.9),
                        Percentiles.millis(sorted, 0.99), sorted[sorted.length - 1] / 1e6,
                        r.bulkRows() / r.bulkSeconds(), r.bulkUpdateSeconds(), r.bulkSeconds() - r.bulkUpdateSeconds(),
                        r.publishedPerSecond());
            }
        }
    }

    private Result measure(Archive archive, String mode, boolean notified, List<Long> ids, int updates, int bulkRows)
            throws Exception {
        long[] single = new long[updates];
        double seconds;
        double updateSeconds;
        int rows;
        try (AutoCloseable publisher = notified ? archive.startBackgroundSync(Archive.FALLBACK_POLL, true)
                : archive.startBackgroundSync(OLD_POLL, false)) {
            Thread.sleep(1_000); // the publisher is idle (and listening) before the first write
            for (int i = 0; i < updates; i++) {
                String word = word(mode, "x" + i + "q");
                long id = ids.get(random.nextInt(ids.size()));
                // A pause of random length, so writes land anywhere in a polling interval, as real ones do.
                Thread.sleep(random.nextInt(100));
                long started = System.nanoTime();
                jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE talk SET title = title || ' ' || :word WHERE id = :id
                        """).bind("word", word).bind("id", id).execute());
                awaitHits(word, 1, SINGLE_POLL);
                single[i] = System.nanoTime() - started;
            }
            String word = word(mode, "bulk");
            List<Long> some = ids.subList(0, Math.min(bulkRows, ids.size()));
            long started = System.nanoTime();
            jdbi.useHandle(h -> h.createUpdate("""
                    UPDATE talk SET title = title || ' ' || :word WHERE id = ANY(:ids)
                    """).bind("word", word).bindArray("ids", Long.class, some).execute());
            updateSeconds = (System.nanoTime() - started) / 1e9;
            awaitHits(word, some.size(), BULK_POLL);
            seconds = (System.nanoTime() - started) / 1e9;
            rows = some.size();
        }
        return new Result(mode, single, rows, seconds, updateSeconds);
    }

    /** A word this run appends to titles: the mode, the run, then what the word is for ("x12q" or "bulk"). */
    private String word(String mode, String purpose) {
        return mode + run + purpose;
    }

    /**
     * Takes this run's words out of the titles again, in PostgreSQL and the index. Left in, they stayed in the
     * engines a later benchmark runs on: the scale benchmark draws its queries from titles, and its slowest
     * queries at a million talks became these words, each one long, unique and forgiven two typos.
     */
    private void restoreTitles(Archive archive) {
        String words = " [a-z]+" + run + "(x[0-9]+q|bulk)"; // every word(mode, purpose) of this run
        int restored = jdbi.withHandle(h -> h.createUpdate("""
                UPDATE talk SET title = regexp_replace(title, :words, '', 'g') WHERE title ~ :words
                """).bind("words", words).execute());
        archive.sync().syncAll();
        System.out.printf("%,d titles restored (this run's words taken out again)%n", restored);
    }

    /** Searches Elasticsearch for {@code word} in titles, every {@code poll}, until {@code expected} talks have it. */
    private void awaitHits(String word, long expected, Duration poll) throws Exception {
        String body = json.writeValueAsString(json.createObjectNode().put("size", 0).put("track_total_hits", true)
                .set("query", json.createObjectNode().set("match", json.createObjectNode().put("title", word))));
        HttpRequest request = HttpRequest.newBuilder(URI.create(searchUrl)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        Duration giveUp = GIVE_UP.plusMillis(expected); // a bulk of 20,000 rows may take a while on two cores
        long deadline = System.nanoTime() + giveUp.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (json.readTree(response.body()).at("/hits/total/value").asLong() >= expected) {
                return;
            }
            Thread.sleep(poll.toMillis());
        }
        throw new IllegalStateException("'" + word + "' was not searchable in " + expected + " talks after " + giveUp);
    }
}
