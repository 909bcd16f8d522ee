package org.talkarchive.web;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.javalin.Javalin;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.xml.parsers.DocumentBuilderFactory;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.Lifespan;
import net.jqwik.api.lifecycle.Store;
import org.talkarchive.Archive;
import org.talkarchive.config.SiteConfig;
import org.talkarchive.importer.SampleCorpus;
import org.talkarchive.infra.elasticsearch.ElasticsearchClients;
import org.talkarchive.talks.PagePaths;
import org.talkarchive.testing.StandaloneArchive;

/**
 * Property-based fuzzing of every public endpoint and parameter, on the 30-talk sample served at 127.0.0.1. Every
 * request must get an answer below 500 within 2 s, and no HTML or Atom answer may carry input unescaped. Requests
 * are written byte for byte on a socket, so malformed escapes arrive as sent. The number of tries is fixed per
 * property; the totals are printed at the end.
 */
class PublicEndpointsFuzzIT {

    private static final Duration LIMIT = Duration.ofSeconds(2);
    private static final String SITE = "fuzz-site";
    private static final List<String> SEARCH_ENDPOINTS =
            List.of("/", "/api/talks", "/feed.atom", "/export/talks.csv", "/export/talks.json");
    private static final List<String> PARAMETERS = List.of("q", "event", "speaker", "tag", "language", "year",
            "year_from", "year_to", "sort", "page", "per_page", "like", "more", "literal");
    /** Markers that must never appear as markup: a tag of our own, and attribute break-outs. */
    private static final List<String> PAYLOADS = List.of("<fuzz>", "\"><fuzz x=\"", "' onfuzz='1", "\" onfuzz=\"1",
            "</title><fuzz>", "<script>fuzz()</script>", "javascript:fuzz()", "]]><fuzz/>", "${7*7}{{7*7}}",
            "'; DROP TABLE talk; --", "\" OR 1=1 --", "*:*", "title:(a OR b)~2^3", "\\", "%", "%00", "..%2f..");

    /** The sample served by the app under test, with counters of what was sent. Closed by jqwik after the run. */
    static final class Site implements Store.CloseOnReset {
        final long started = System.nanoTime();
        final StandaloneArchive engines = StandaloneArchive.start();
        final Javalin app;
        /** The same data with Elasticsearch away: every search is answered by the PostgreSQL fallback. */
        final Archive withoutEngine;
        final ElasticsearchClient deadEngine;
        final Javalin degraded;
        final List<String> speakers;
        final List<String> events;
        final List<String> tags;
        final List<String> talks;
        final AtomicLong requests = new AtomicLong();
        final AtomicLong nanos = new AtomicLong();
        final AtomicLong slowest = new AtomicLong();
        final Map<Integer, Long> statuses = new TreeMap<>();

        Site() {
            try {
                engines.archive().importAndPublish(SampleCorpus.extractTo(Files.createTempDirectory("fuzz-sample")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            speakers = engines.archive().strings("SELECT slug FROM speaker ORDER BY slug");
            events = engines.archive().strings("SELECT slug FROM event ORDER BY slug");
            tags = engines.archive().strings("SELECT name FROM tag ORDER BY name");
            talks = engines.archive().strings(
                    "SELECT e.slug || '/' || k.slug FROM talk k JOIN event e ON e.id = k.event_id ORDER BY k.id");
            app = engines.archive().archive()
                    .web(Optional.of("fuzz-admin-token-0123456789abcdef-" + System.nanoTime()), SiteConfig.local(7070))
                    .start("127.0.0.1", 0);
            deadEngine = ElasticsearchClients.create("http://127.0.0.1:" + closedPort(), Optional.empty());
            withoutEngine = new Archive(Archive.Engines.shared(engines.archive().dataSource(), deadEngine),
                    Archive.Settings.of(engines.archive().alias()));
            degraded = withoutEngine.web(Optional.empty(), SiteConfig.local(7070)).start("127.0.0.1", 0);
        }

        private static int closedPort() {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort(); // closed again here: connections are refused
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws Exception {
            app.stop();
            degraded.stop();
            withoutEngine.close();
            deadEngine.close();
            engines.close();
        }

        synchronized void count(int status, long elapsed) {
            requests.incrementAndGet();
            nanos.addAndGet(elapsed);
            slowest.accumulateAndGet(elapsed, Math::max);
            statuses.merge(status, 1L, Long::sum);
        }
    }

    record Answer(int status, String head, String body, long nanos) {
        String contentType() {
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                    return line.substring(13).trim().replace(" ", "").toLowerCase(Locale.ROOT);
                }
            }
            return "";
        }
    }

    @BeforeContainer
    static void startSite() {
        Store.create(SITE, Lifespan.RUN, Site::new).get();
    }

    @AfterContainer
    static void report() {
        Site site = site();
        System.out.printf(Locale.ROOT, "Fuzzing: %,d requests in %.1f s (%.1f s with engines and import), mean %.1f ms,"
                        + " slowest %.0f ms; statuses %s%n", site.requests.get(), site.nanos.get() / 1e9,
                (System.nanoTime() - site.started) / 1e9, site.nanos.get() / 1e6 / Math.max(1, site.requests.get()),
                site.slowest.get() / 1e6, site.statuses);
        assertThat(site.requests.get()).as("requests sent").isGreaterThanOrEqualTo(1000);
    }

    private static Site site() {
        return Store.<Site>get(SITE).get();
    }

    // ---- properties

    @Property(tries = 400, shrinking = ShrinkingMode.BOUNDED)
    void searchesAndDownloadsAnswerAnyParameters(@ForAll("searchEndpoints") String endpoint,
                                                 @ForAll("parameterLists") List<Tuple2<String, String>> params) {
        Answer answer = get(target(endpoint, params));
        checkAnswer(endpoint, answer, inputs(params));
    }

    /**
     * The same with Elasticsearch away: PostgreSQL's search gets the same parameters and answers them as well;
     * downloads, which page through the engine, answer 503 with Retry-After.
     */
    @Property(tries = 150, shrinking = ShrinkingMode.BOUNDED)
    void withoutElasticsearchSearchesAnswerAnyParameters(@ForAll("searchEndpoints") String endpoint,
            @ForAll("parameterLists") List<Tuple2<String, String>> params) {
        Answer answer = get(site().degraded, target(endpoint, params));
        if (endpoint.startsWith("/export/") && answer.status() == 503) {
            // downloads page through the engine: without it they say when to come back, and nothing else
            assertThat(answer.head()).containsPattern("(?m)^Retry-After: \\d+");
            checkTimely(answer);
            return;
        }
        checkAnswer(endpoint, answer, inputs(params));
        if (answer.status() == 200 && endpoint.equals("/api/talks")) {
            assertThat(answer.body()).as("flagged as answered without Elasticsearch").contains("\"degraded\":true");
        }
    }

    @Property(tries = 200, shrinking = ShrinkingMode.BOUNDED)
    void suggestionsAnswerAnyText(@ForAll("values") String q) {
        Answer answer = get("/api/suggest?q=" + PagePaths.encode(q));
        checkAnswer("/api/suggest", answer, List.of(q));
    }

    @Property(tries = 200, shrinking = ShrinkingMode.BOUNDED)
    void pagesAndApiByPathAnswerAnySegments(@ForAll("pathEndpoints") String pattern, @ForAll("segments") String a,
                                            @ForAll("segments") String b) {
        String path = pattern.replace("{a}", PagePaths.encode(a)).replace("{b}", PagePaths.encode(b));
        Answer answer = get(path);
        checkAnswer(pattern.startsWith("/api/") ? "/api/" : "/", answer, List.of(a, b));
    }

    @Property(tries = 200, shrinking = ShrinkingMode.BOUNDED)
    void rawBytesInQueriesAndPathsAreAnsweredNotFailed(@ForAll("rawTargets") String target) {
        Answer answer = get(target);
        checkAnswer(target.startsWith("/api/") ? "/api/" : target.startsWith("/feed") ? "/feed.atom" : "/",
                answer, List.of());
    }

    @Property(tries = 60, shrinking = ShrinkingMode.BOUNDED)
    void adminOperationsRefuseAnyOtherToken(@ForAll("headerValues") String authorization,
                                            @ForAll("adminRequests") String request) {
        Answer answer = send(request.replace("AUTH", authorization));
        // 429 once this address has guessed wrong five times: the lockout the console's sign-in has too
        assertThat(answer.status()).as(request).isIn(401, 403, 429);
        checkTimely(answer);
    }

    // ---- what every answer must satisfy

    private static void checkAnswer(String endpoint, Answer answer, List<String> inputs) {
        assertThat(answer.status()).as("status of %s", endpoint).isBetween(200, 499);
        checkTimely(answer);
        String type = answer.contentType();
        if (type.startsWith("text/plain")) { // refused by Jetty before any route (see BareErrorHandler)
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.head()).contains("Content-Security-Policy: default-src 'none'", "nosniff");
        } else if (type.startsWith("text/html")) {
            assertThat(type).isEqualTo("text/html;charset=utf-8");
            assertThat(answer.head()).contains("Content-Security-Policy: default-src 'none'");
            checkNothingEchoedUnescaped(answer.body(), inputs);
        } else if (answer.status() == 200 && endpoint.equals("/feed.atom")) {
            assertThat(type).isEqualTo("application/atom+xml;charset=utf-8");
            checkNothingEchoedUnescaped(answer.body(), inputs);
            try {
                DocumentBuilderFactory.newInstance().newDocumentBuilder()
                        .parse(new ByteArrayInputStream(answer.body().getBytes(StandardCharsets.UTF_8)));
            } catch (Exception e) {
                throw new AssertionError("the feed is not well-formed XML: " + e.getMessage(), e);
            }
        } else if (endpoint.startsWith("/api/") || endpoint.equals("/export/talks.json")) {
            assertThat(type).as("type of %s", endpoint).isEqualTo("application/json");
        }
    }

    private static void checkTimely(Answer answer) {
        assertThat(Duration.ofNanos(answer.nanos())).as("time to answer").isLessThan(LIMIT);
    }

    private static void checkNothingEchoedUnescaped(String body, List<String> inputs) {
        assertThat(body).doesNotContain("<fuzz", "<script>fuzz", "href=\"javascript:")
                // an attribute of its own inside a tag means a quote got out; escaped, the quote is &#34; or &#39;
                .doesNotContainPattern("<[^<>]*[\"']\\s*onfuzz=");
        for (String input : inputs) {
            if (input.length() >= 4 && input.contains("<")) {
                assertThat(body).as("markup of the input shown as is").doesNotContain(input);
            }
        }
    }

    // ---- the HTTP client: one request per connection, bytes as given

    private static Answer get(String target) {
        return get(site().app, target);
    }

    private static Answer get(Javalin app, String target) {
        return send(app, "GET " + target + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
    }

    /** The endpoint with the parameters as its query string, each name and value encoded. */
    private static String target(String endpoint, List<Tuple2<String, String>> params) {
        String query = params.stream().map(p -> PagePaths.encode(p.get1()) + "=" + PagePaths.encode(p.get2()))
                .collect(java.util.stream.Collectors.joining("&"));
        return query.isEmpty() ? endpoint : endpoint + "?" + query;
    }

    /** Every name and value sent, for the check that none comes back as markup. */
    private static List<String> inputs(List<Tuple2<String, String>> params) {
        return params.stream().flatMap(p -> java.util.stream.Stream.of(p.get1(), p.get2())).toList();
    }

    private static Answer send(String request) {
        return send(site().app, request);
    }

    private static Answer send(Javalin app, String request) {
        Site site = site();
        long started = System.nanoTime();
        try (Socket socket = new Socket("127.0.0.1", app.port())) {
            socket.setSoTimeout((int) LIMIT.toMillis() * 5);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            byte[] bytes = socket.getInputStream().readAllBytes();
            long elapsed = System.nanoTime() - started;
            String response = new String(bytes, StandardCharsets.UTF_8);
            int split = response.indexOf("\r\n\r\n");
            assertThat(split).as("a complete HTTP answer to %s", request).isPositive();
            int status = Integer.parseInt(response.substring(9, 12));
            site.count(status, elapsed);
            return new Answer(status, response.substring(0, split), response.substring(split + 4), elapsed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- generators

    @Provide
    Arbitrary<String> searchEndpoints() {
        return Arbitraries.of(SEARCH_ENDPOINTS);
    }

    @Provide
    Arbitrary<String> pathEndpoints() {
        return Arbitraries.of("/talks/{a}/{b}", "/speakers/{a}", "/events/{a}", "/api/talks/{a}",
                "/api/talks/{a}/related", "/api/speakers/{a}", "/api/events/{a}", "/static/{a}", "/{a}/{b}");
    }

    @Provide
    Arbitrary<List<Tuple2<String, String>>> parameterLists() {
        Arbitrary<String> names = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of(PARAMETERS)),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(12)));
        return Combinators.combine(names, values()).as(Tuple::of).list().ofMaxSize(6);
    }

    /** Text of every kind: real values of the sample, numbers, payloads, any Unicode, control characters, long. */
    @Provide
    Arbitrary<String> values() {
        Site site = site();
        Arbitrary<String> real = Arbitraries.of(concat(site.speakers, site.events, site.tags, site.talks,
                List.of("django", "testing orm", "\"django migrations\"", "2019", "2023", "eng", "spa", "newest",
                        "oldest", "relevance", "1", "2", "100", "true", "false")));
        return Arbitraries.frequencyOf(
                Tuple.of(4, real),
                Tuple.of(3, Arbitraries.of(PAYLOADS)),
                Tuple.of(3, Arbitraries.strings().all().ofMaxLength(30)),
                Tuple.of(2, Arbitraries.strings().withCharRange('\u0000', '\u001f').withChars("a<&%\u007f")
                        .ofMinLength(1).ofMaxLength(6)),
                Tuple.of(2, Arbitraries.integers().map(String::valueOf)),
                Tuple.of(1, Arbitraries.longs().map(String::valueOf)),
                Tuple.of(1, Arbitraries.strings().ascii().ofMinLength(450).ofMaxLength(700)),
                Tuple.of(1, Combinators.combine(real, Arbitraries.of(PAYLOADS)).as(String::concat)));
    }

    @Provide
    Arbitrary<String> segments() {
        Site site = site();
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(concat(site.speakers, site.events, List.of("1", "0", "-1",
                        "99999999999999999999", "app.js", "app.css", "..", ".", "%2e%2e")))),
                Tuple.of(3, values()));
    }

    /** Query strings and paths as raw bytes: malformed escapes, encoded surrogates, over-long UTF-8, stray %. */
    @Provide
    Arbitrary<String> rawTargets() {
        Arbitrary<String> bad = Arbitraries.of("%", "%Z", "%ZZ", "%0", "%00", "%7F", "%C0%80", "%ED%A0%80",
                "%ED%B0%80", "%F4%90%80%80", "%FF%FE", "%C3%28", "%E2%82", "%25", "+", "&", "=", ";", "%26%3D",
                "..", "%2e%2e%2f", "%u0041", "a");
        Arbitrary<String> raw = bad.list().ofMinSize(1).ofMaxSize(8).map(parts -> String.join("", parts));
        Arbitrary<String> names = Arbitraries.of(concat(PARAMETERS, List.of("x")));
        Arbitrary<String> query = Combinators.combine(names, raw).as((n, v) -> n + "=" + v).list().ofMinSize(1)
                .ofMaxSize(4).map(pairs -> String.join("&", pairs));
        return Arbitraries.oneOf(
                Combinators.combine(Arbitraries.of(concat(SEARCH_ENDPOINTS, List.of("/api/suggest"))),
                        Arbitraries.oneOf(query, raw)).as((e, q) -> e + "?" + q),
                Combinators.combine(Arbitraries.of("/speakers/", "/events/", "/talks/x/", "/api/talks/",
                        "/api/speakers/", "/static/"), raw).as(String::concat));
    }

    @Provide
    Arbitrary<String> headerValues() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(80),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(60).map(s -> "Bearer " + s),
                Arbitraries.of("Bearer", "Bearer ", "Basic YWRtaW46YWRtaW4=", "Bearer fuzz-admin-token-",
                        "Bearer null", "bearer fuzz-admin-token-1"));
    }

    @Provide
    Arbitrary<String> adminRequests() {
        return Arbitraries.of(
                "POST /api/admin/reindex HTTP/1.0\r\nHost: 127.0.0.1\r\nAuthorization: AUTH\r\nContent-Length: 0\r\n\r\n",
                "GET /api/admin/consistency HTTP/1.0\r\nHost: 127.0.0.1\r\nAuthorization: AUTH\r\n\r\n");
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> list : lists) {
            all.addAll(list);
        }
        return all;
    }
}
