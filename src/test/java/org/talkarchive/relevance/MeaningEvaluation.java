package org.talkarchive.relevance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;
import org.talkarchive.Archive;
import org.talkarchive.config.ArchiveConfig;
import org.talkarchive.infra.Infrastructure;
import org.talkarchive.infra.postgres.Jdbis;
import org.talkarchive.search.HybridFusion;
import org.talkarchive.search.Meaning;
import org.talkarchive.search.TalkSearchService;

/**
 * bench/meaning.sh: the hand-judged queries of {@code relevance/meaning-queries.tsv} (descriptions, questions, other
 * languages, event + topic, speaker + topic, titles; written from the corpus files before any ranking was looked
 * at) run through every way of ranking on one archive, in one run: words only, meaning only, each fusion rule, and
 * the PostgreSQL FTS + pg_trgm baseline. Prints success@10 and MRR per kind. Before measuring, computes the vectors
 * talks wait for and publishes them, printing the rate.
 */
public final class MeaningEvaluation {

    /** One judged query of the file: its kind, its text, its relevant talks as event/talk paths. */
    record Judged(String kind, String text, List<String> relevant) {
    }

    private MeaningEvaluation() {
    }

    static List<Judged> read(Path file) throws IOException {
        List<Judged> queries = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] cells = lines.get(i).split("\t", -1);
            if (cells.length < 3) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected kind, query, relevant");
            }
            queries.add(new Judged(cells[0].strip(), cells[1].strip(), List.of(cells[2].strip().split("\\|"))));
        }
        return queries;
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            Path file = Path.of(args.length > 0 ? args[0] : "src/test/resources/relevance/meaning-queries.tsv");
            ArchiveConfig config = ArchiveConfig.fromEnvironment(System.getenv());
            Infrastructure infrastructure = Infrastructure.start(config);
            try (Archive archive = RelevanceEvaluation.archive(infrastructure, config)) {
                Jdbi jdbi = Jdbis.create(infrastructure.dataSource());
                embedAndPublish(archive);
                CorpusSnapshot corpus = CorpusSnapshot.load(jdbi);
                Map<String, Long> byPath = new HashMap<>();
                corpus.talks().forEach(t -> byPath.put(t.path().toLowerCase(java.util.Locale.ROOT), t.id()));
                List<Judged> judged = read(file);
                List<Set<Long>> relevant = new ArrayList<>();
                for (Judged q : judged) {
                    Set<Long> ids = new LinkedHashSet<>();
                    for (String path : q.relevant()) {
                        Long id = byPath.get(path.strip().replace("/videos/", "/").replaceAll("\\s+", "-")
                                .toLowerCase(java.util.Locale.ROOT));
                        if (id == null) {
                            System.out.println("not in the archive (skipped as relevant): " + path);
                        } else {
                            ids.add(id);
                        }
                    }
                    relevant.add(ids);
                }
                Map<String, RelevanceEvaluation.Search> searches = new LinkedHashMap<>();
                TalkSearchService service = archive.search();
                for (HybridFusion.Rule rule : HybridFusion.Rule.values()) {
                    searches.put(rule.name().toLowerCase(java.util.Locale.ROOT),
                            RelevanceEvaluation.ours(service.withRule(rule)));
                }
                searches.put("site (all_words_first, box understood)",
                        RelevanceEvaluation.ours(service::searchUnderstood));
                for (double weight : new double[] {1.5, 2}) {
                    searches.put("site, meaning weighing " + weight, RelevanceEvaluation.ours(
                            service.withRule(HybridFusion.Rule.ALL_WORDS_FIRST, weight, weight)::searchUnderstood));
                }
                for (double forQuestions : new double[] {1, 1.5, 3}) {
                    searches.put("site, questions weighing " + forQuestions, RelevanceEvaluation.ours(
                            service.withRule(HybridFusion.Rule.ALL_WORDS_FIRST, Meaning.DEFAULT_WEIGHT,
                                    forQuestions)::searchUnderstood));
                }
                searches.put("postgres fts+trgm", RelevanceEvaluation.baseline(jdbi));
                Map<Long, String> talks = corpus.duplicateKeys();
                Function<Long, String> talkOf = id -> talks.getOrDefault(id, "#" + id);
                // a warm-up pass, then the measured one
                searches.values().forEach(s -> judged.forEach(q -> s.top(q.text())));
                Map<String, Map<String, List<Scores>>> scores = new LinkedHashMap<>();
                Map<String, long[]> nanos = new LinkedHashMap<>();
                StringBuilder misses = new StringBuilder();
                for (var search : searches.entrySet()) {
                    Map<String, List<Scores>> byKind = new LinkedHashMap<>();
                    long[] times = new long[judged.size()];
                    for (int i = 0; i < judged.size(); i++) {
                        long started = System.nanoTime();
                        List<Long> top = search.getValue().top(judged.get(i).text());
                        times[i] = System.nanoTime() - started;
                        Scores s = Scores.of(top, relevant.get(i), talkOf);
                        byKind.computeIfAbsent(judged.get(i).kind(), k -> new ArrayList<>()).add(s);
                        byKind.computeIfAbsent("overall", k -> new ArrayList<>()).add(s);
                        if (search.getKey().startsWith("site") && s.mrr() < 0.5) {
                            misses.append(String.format("  %s rr %.2f: %s%n", judged.get(i).kind(), s.mrr(),
                                    judged.get(i).text()));
                        }
                    }
                    scores.put(search.getKey(), byKind);
                    nanos.put(search.getKey(), times);
                }
                System.out.println("success@10 / MRR per kind:");
                List<String> kinds = new ArrayList<>(scores.values().iterator().next().keySet());
                kinds.remove("overall");
                kinds.add("overall");
                StringBuilder header = new StringBuilder("| kind | queries |");
                StringBuilder rule = new StringBuilder("| --- | ---: |");
                scores.keySet().forEach(k -> {
                    header.append(' ').append(k).append(" |");
                    rule.append(" ---: |");
                });
                System.out.println(header);
                System.out.println(rule);
                for (String kind : kinds) {
                    StringBuilder row = new StringBuilder("| " + kind + " | ");
                    row.append(scores.values().iterator().next().get(kind).size()).append(" |");
                    for (var byKind : scores.values()) {
                        Scores mean = Scores.mean(byKind.get(kind));
                        row.append(String.format(" %.3f / %.3f |", mean.success(), mean.mrr()));
                    }
                    System.out.println(row);
                }
                nanos.forEach((name, times) -> {
                    long[] sorted = times.clone();
                    java.util.Arrays.sort(sorted);
                    System.out.printf("%s: median %.1f ms, p90 %.1f ms a query%n", name,
                            sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.9)] / 1e6);
                });
                System.out.print("queries the site ranks below 2nd:\n" + misses);
            }
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    /** Computes every waiting vector, prints the rate, and publishes the talks with them. */
    static void embedAndPublish(Archive archive) {
        long started = System.nanoTime();
        long embedded = archive.vectors().embedAll();
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("embedded %,d talks in %.1f s (%.1f talks/s)%n", embedded, seconds,
                embedded / Math.max(seconds, 1e-9));
        started = System.nanoTime();
        long published = archive.sync().syncAll();
        archive.index().refresh();
        System.out.printf("published %,d changes with their vectors in %.1f s%n", published,
                (System.nanoTime() - started) / 1e9);
    }
}
