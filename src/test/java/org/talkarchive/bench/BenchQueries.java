package org.talkarchive.bench;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.talkarchive.indexer.TalkDocument;
import org.talkarchive.search.TalkQuery;

/**
 * The benchmarks' query mix: words from real titles (sampled from the index with a fixed seed), facet filters
 * (year, range, tag, language, event, speaker), sorts and pages, drawn with a fixed seed, so two runs on the same
 * data send the same queries.
 */
final class BenchQueries {

    private final Random random = new Random(42);
    private final Seeds seeds;

    BenchQueries(ElasticsearchClient client, String alias) throws Exception {
        this.seeds = seeds(client, alias);
    }

    List<TalkQuery> draw(int count) {
        List<TalkQuery> queries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            queries.add(query(seeds));
        }
        return queries;
    }

    /** The API path and query string of a query. */
    static String apiPath(TalkQuery q) {
        return "/api/talks" + queryString(q.toParams());
    }

    private record Seeds(List<String> words, List<String> tags, List<String> speakers, List<String> events,
                         List<String> languages) {
    }

    private static Seeds seeds(ElasticsearchClient client, String alias) throws Exception {
        SearchResponse<TalkDocument> sample = client.search(s -> s.index(alias).size(600)
                .query(q -> q.functionScore(f -> f.functions(fn -> fn.randomScore(r -> r.seed("42").field("_seq_no")))))
                .aggregations("tags", a -> a.terms(t -> t.field("tag_keys").size(200)))
                .aggregations("speakers", a -> a.terms(t -> t.field("speaker_slugs").size(300)))
                .aggregations("events", a -> a.terms(t -> t.field("event_slug").size(600)))
                .aggregations("languages", a -> a.terms(t -> t.field("language").size(30))), TalkDocument.class);
        List<String> words = new ArrayList<>();
        for (Hit<TalkDocument> hit : sample.hits().hits()) {
            Arrays.stream(hit.source().title().toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
                    .filter(w -> w.length() >= 4).forEach(words::add);
        }
        return new Seeds(words, keys(sample, "tags"), keys(sample, "speakers"), keys(sample, "events"),
                keys(sample, "languages"));
    }

    private static List<String> keys(SearchResponse<?> response, String agg) {
        return response.aggregations().get(agg).sterms().buckets().array().stream()
                .map(StringTermsBucket::key).map(k -> k.stringValue()).toList();
    }

    private TalkQuery query(Seeds s) {
        Map<String, List<String>> p = new LinkedHashMap<>();
        double r = random.nextDouble();
        if (r < 0.8) {
            String text = pick(s.words()) + (random.nextBoolean() ? " " + pick(s.words()) : "");
            if (random.nextDouble() < 0.1) {
                text = text.substring(0, Math.max(3, text.length() - 2)); // typing: a prefix
            }
            p.put("q", List.of(text));
        }
        if (random.nextDouble() < 0.25) {
            p.put("year", List.of(Integer.toString(2010 + random.nextInt(15))));
        } else if (random.nextDouble() < 0.15) {
            int from = 2008 + random.nextInt(12);
            p.put("year_from", List.of(Integer.toString(from)));
            p.put("year_to", List.of(Integer.toString(from + 1 + random.nextInt(5))));
        }
        if (random.nextDouble() < 0.3) {
            p.put("tag", List.of(pick(s.tags())));
        }
        if (random.nextDouble() < 0.2) {
            p.put("language", random.nextBoolean() ? List.of("eng") : List.of(pick(s.languages()), pick(s.languages())));
        }
        if (random.nextDouble() < 0.15) {
            p.put("event", List.of(pick(s.events())));
        }
        if (random.nextDouble() < 0.1) {
            p.put("speaker", List.of(pick(s.speakers())));
        }
        double sort = random.nextDouble();
        if (sort > 0.7) {
            p.put("sort", List.of(sort > 0.85 ? "newest" : "oldest"));
        }
        if (random.nextDouble() < 0.2) {
            p.put("page", List.of(Integer.toString(2 + random.nextInt(2))));
        }
        return TalkQuery.parse(p, Set.of());
    }

    private String pick(List<String> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static String queryString(Map<String, List<String>> params) {
        StringBuilder sb = new StringBuilder();
        params.forEach((k, vs) -> vs.forEach(v -> sb.append(sb.length() == 0 ? '?' : '&').append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8))));
        return sb.toString();
    }

}
