package org.talkarchive.relevance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.talkarchive.Archive;
import org.talkarchive.config.ArchiveConfig;
import org.talkarchive.infra.Infrastructure;
import org.talkarchive.infra.postgres.Jdbis;
import org.talkarchive.search.SearchPage;
import org.talkarchive.search.TalkQuery;
import org.talkarchive.search.TalkSearchService;

/**
 * Runs the judged query set through our search ({@link TalkSearchService}, as the site calls it) and through the
 * {@link PostgresBaseline} on the same imported data, query by query in turn, and reports success@10, MRR and
 * nDCG@10 per kind and overall for both (nDCG counting a talk's recordings as one talk, and as separate ones: see
 * {@link Scores}). {@link #main} is bench/relevance.sh's runner; RelevanceFloorIT uses
 * the rest.
 */
public final class RelevanceEvaluation {

    public static final long SEED = 20240501L;
    public static final int PER_KIND = 40;

    /** A search under evaluation: the ids of its top ten talks for a text, best first. */
    public interface Search {
        List<Long> top(String text);
    }

    /**
     * The figures of one search: per kind, overall, and per query (in the set's order) its top ten, its scores and
     * the time it took (nanoseconds).
     */
    public record Figures(Map<QueryKind, Scores> byKind, Scores overall, List<List<Long>> tops, List<Scores> each,
                          long[] nanos) {

        long totalNanos() {
            return Arrays.stream(nanos).sum();
        }

        double medianMillis() {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return sorted.length == 0 ? 0 : sorted[sorted.length / 2] / 1e6;
        }
    }

    public record Result(Figures ours, Figures baseline) {
    }

    private static final Duration ENGINE_PATIENCE = Duration.ofSeconds(30);

    private RelevanceEvaluation() {
    }

    /**
     * Our search as viewers get it: the first page of ten. An answer from the degraded mode is asked again (on a busy
     * machine a cold first query can outlast the viewers' 2 s timeout, and the guard then waits before trying the
     * engine again); still degraded after {@link #ENGINE_PATIENCE}, it is an error: the fallback is not measured.
     */
    public static Search ours(TalkSearchService service) {
        return ours(service::search);
    }

    /** As {@link #ours(TalkSearchService)}, through one of the service's ways of searching. */
    public static Search ours(java.util.function.Function<TalkQuery, SearchPage> service) {
        RetryPolicy<SearchPage> untilTheEngineAnswers = RetryPolicy.<SearchPage>builder()
                .handleResultIf(SearchPage::degraded).withDelay(Duration.ofSeconds(1))
                .withMaxDuration(ENGINE_PATIENCE).withMaxRetries(-1).build();
        return text -> {
            TalkQuery query = TalkQuery.parse(
                    Map.of("q", List.of(text), "per_page", List.of(String.valueOf(Scores.K))), Set.of());
            SearchPage page = Failsafe.with(untilTheEngineAnswers).get(() -> service.apply(query));
            if (page.degraded()) {
                throw new IllegalStateException("Elasticsearch did not answer \"" + text + "\"; not measuring the fallback");
            }
            return page.hits().stream().map(h -> h.talk().id()).toList();
        };
    }

    /** The archive the benchmarks evaluate, on the engines the environment names (started if embedded). */
    static Archive archive(Infrastructure infrastructure, ArchiveConfig config) {
        return new Archive(Archive.Engines.of(infrastructure), Archive.Settings.of(config.indexAlias()));
    }

    /** Creates the baseline's table and indexes in this database and returns its search. */
    public static Search baseline(Jdbi jdbi) {
        return PostgresBaseline.install(jdbi)::search;
    }

    /** Every query through both searches, taking turns, so neither always meets the other's warm caches. */
    public static Result evaluate(List<JudgedQuery> queries, Search ours, Search baseline, CorpusSnapshot corpus) {
        List<List<Long>> oursTops = new ArrayList<>();
        List<List<Long>> baselineTops = new ArrayList<>();
        long[] oursNanos = new long[queries.size()];
        long[] baselineNanos = new long[queries.size()];
        for (int i = 0; i < queries.size(); i++) {
            String text = queries.get(i).text();
            if (i % 2 == 0) {
                oursTops.add(run(ours, text, oursNanos, i));
                baselineTops.add(run(baseline, text, baselineNanos, i));
            } else {
                baselineTops.add(run(baseline, text, baselineNanos, i));
                oursTops.add(run(ours, text, oursNanos, i));
            }
        }
        Map<Long, String> talks = corpus.duplicateKeys();
        Function<Long, String> talkOf = id -> talks.getOrDefault(id, "#" + id);
        return new Result(figures(queries, oursTops, oursNanos, talkOf),
                figures(queries, baselineTops, baselineNanos, talkOf));
    }

    private static List<Long> run(Search search, String text, long[] nanos, int i) {
        long started = System.nanoTime();
        List<Long> top = search.top(text);
        nanos[i] = System.nanoTime() - started;
        return top;
    }

    private static Figures figures(List<JudgedQuery> queries, List<List<Long>> tops, long[] nanos,
                                   Function<Long, String> talkOf) {
        Map<QueryKind, List<Scores>> byKind = new EnumMap<>(QueryKind.class);
        List<Scores> each = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            Scores scores = Scores.of(tops.get(i), queries.get(i).relevant(), talkOf);
            byKind.computeIfAbsent(queries.get(i).kind(), k -> new ArrayList<>()).add(scores);
            each.add(scores);
        }
        Map<QueryKind, Scores> means = new EnumMap<>(QueryKind.class);
        byKind.forEach((kind, scores) -> means.put(kind, Scores.mean(scores)));
        return new Figures(means, Scores.mean(each), tops, each, nanos);
    }

    /** The figures as a Markdown table (ours / baseline in each cell) and a line of timing. */
    public static String report(Result result) {
        StringBuilder out = new StringBuilder();
        out.append("| kind | queries | success@10 ours / baseline | MRR ours / baseline | nDCG@10 ours / baseline "
                + "| nDCG@10 per recording |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (QueryKind kind : QueryKind.values()) {
            Scores ours = result.ours().byKind().get(kind);
            Scores base = result.baseline().byKind().get(kind);
            if (ours != null) {
                row(out, kind.label(), ours, base);
            }
        }
        row(out, "**overall**", result.ours().overall(), result.baseline().overall());
        out.append(String.format("time: ours %.1f s (median %.1f ms a query), baseline %.1f s (median %.1f ms a query)%n",
                result.ours().totalNanos() / 1e9, result.ours().medianMillis(),
                result.baseline().totalNanos() / 1e9, result.baseline().medianMillis()));
        return out.toString();
    }

    private static void row(StringBuilder out, String label, Scores ours, Scores base) {
        out.append(String.format("| %s | %d | %.3f / %.3f | %.3f / %.3f | %.3f / %.3f | %.3f / %.3f |%n", label,
                ours.queries(), ours.success(), base.success(), ours.mrr(), base.mrr(), ours.ndcg(), base.ndcg(),
                ours.ndcgRecordings(), base.ndcgRecordings()));
    }

    /** Writes the judged set as JSON, for inspection: kind, text, what it was made from, relevant talks' paths. */
    public static void write(Path file, long seed, int talks, List<JudgedQuery> queries) throws IOException {
        List<Map<String, Object>> items = new ArrayList<>();
        for (JudgedQuery q : queries) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("kind", q.kind().label());
            item.put("text", q.text());
            item.put("made_from", q.madeFrom());
            item.put("relevant", q.relevantPaths());
            items.add(item);
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("seed", seed);
        document.put("talks", talks);
        document.put("queries", items);
        Files.createDirectories(file.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), document);
    }

    /**
     * Writes each query's outcome as JSON, for inspection: its text, how many talks are relevant, and for each
     * search its reciprocal rank and its top three talks (paths; relevant ones marked with a star).
     */
    public static void writeOutcomes(Path file, List<JudgedQuery> queries, Result result, CorpusSnapshot corpus)
            throws IOException {
        Map<Long, String> paths = new java.util.HashMap<>();
        corpus.talks().forEach(t -> paths.put(t.id(), t.path()));
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            JudgedQuery q = queries.get(i);
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("kind", q.kind().label());
            item.put("text", q.text());
            item.put("relevant", q.relevant().size());
            for (var side : List.of(Map.entry("ours", result.ours()), Map.entry("baseline", result.baseline()))) {
                item.put(side.getKey() + "_rr", side.getValue().each().get(i).mrr());
                item.put(side.getKey() + "_top", side.getValue().tops().get(i).stream().limit(3)
                        .map(id -> (q.relevant().contains(id) ? "* " : "") + paths.get(id)).toList());
            }
            items.add(item);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), items);
    }

    /**
     * bench/relevance.sh: on the archive the environment names (an imported, indexed corpus), generates the set,
     * writes it to the file given, and prints the table. Arguments: {@code <queries.json> [seed] [per kind]}.
     */
    public static void main(String[] args) {
        int status = 0;
        try {
            Path file = Path.of(args[0]);
            long seed = args.length > 1 ? Long.parseLong(args[1]) : SEED;
            int perKind = args.length > 2 ? Integer.parseInt(args[2]) : PER_KIND;
            ArchiveConfig config = ArchiveConfig.fromEnvironment(System.getenv());
            Infrastructure infrastructure = Infrastructure.start(config);
            try (Archive archive = archive(infrastructure, config)) {
                Jdbi jdbi = Jdbis.create(infrastructure.dataSource());
                long started = System.nanoTime();
                CorpusSnapshot corpus = CorpusSnapshot.load(jdbi);
                List<JudgedQuery> queries = QuerySetGenerator.generate(corpus, seed, perKind);
                write(file, seed, corpus.talks().size(), queries);
                System.out.printf("generated %d queries from %d talks in %.1f s (seed %d), written to %s%n",
                        queries.size(), corpus.talks().size(), (System.nanoTime() - started) / 1e9, seed, file);
                started = System.nanoTime();
                Search baseline = baseline(jdbi);
                System.out.printf("baseline table and indexes built in %.1f s%n", (System.nanoTime() - started) / 1e9);
                Search ours = ours(archive.search());
                evaluate(queries, ours, baseline, corpus); // a warm-up pass over the same queries, for the timing line
                Result result = evaluate(queries, ours, baseline, corpus);
                writeOutcomes(file.resolveSibling("outcomes.json"), queries, result, corpus);
                System.out.println("after one warm-up pass over the same queries (outcomes per query: "
                        + file.resolveSibling("outcomes.json") + "):");
                System.out.print(report(result));
            }
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }
}
