package org.talkarchive.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.talkarchive.infra.elasticsearch.ElasticsearchClients;

/** The breaker's behaviour, with calls that fail or succeed as told (no engine is contacted by these calls). */
class SearchEngineGuardTest {

    private final ElasticsearchClient client = ElasticsearchClients.create("http://127.0.0.1:9", Optional.empty());

    @Test
    void opensAfterThreeFailuresThenFailsFastAndClosesAfterASuccessfulTrial() throws Exception {
        SearchEngineGuard guard = new SearchEngineGuard(client, Duration.ofMillis(300));
        AtomicInteger calls = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> guard.call(es -> {
                calls.incrementAndGet();
                throw new IOException("connection refused");
            })).isInstanceOf(SearchUnavailableException.class);
        }
        assertThat(guard.available()).isFalse();
        assertThat(guard.state()).isEqualTo("open");
        assertThatThrownBy(() -> guard.call(es -> calls.incrementAndGet()))
                .isInstanceOf(SearchUnavailableException.class);
        assertThat(calls).as("an open breaker does not call").hasValue(3);

        Thread.sleep(400);
        String answer = guard.call(es -> "answer");
        assertThat(answer).isEqualTo("answer");
        assertThat(guard.state()).isEqualTo("closed");
        client.close();
    }

    @Test
    void aLostConnectionIsTriedOnceMoreAtOnceAndCountsForTheBreakerOnlyIfThatFailsToo() {
        SearchEngineGuard guard = new SearchEngineGuard(client, Duration.ofSeconds(5));
        AtomicInteger calls = new AtomicInteger();
        String answer = guard.call(es -> {
            if (calls.incrementAndGet() == 1) {
                throw new java.net.SocketException("Connection reset");
            }
            return "answer";
        });
        assertThat(answer).isEqualTo("answer");
        assertThat(calls).hasValue(2);

        calls.set(0);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> guard.call(es -> {
                calls.incrementAndGet();
                throw new java.net.ConnectException("Connection refused");
            })).isInstanceOf(SearchUnavailableException.class);
        }
        assertThat(calls).as("each call tried twice, no more").hasValue(6);
        assertThat(guard.state()).as("three calls failed after their retry").isEqualTo("open");
    }

    @Test
    void aTimeoutIsNotTriedAgain() {
        SearchEngineGuard guard = new SearchEngineGuard(client, Duration.ofSeconds(5));
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> guard.call(es -> {
            calls.incrementAndGet();
            throw new IOException("search failed", new java.net.SocketTimeoutException("Read timed out"));
        })).isInstanceOf(SearchUnavailableException.class);
        assertThat(calls).hasValue(1);
        assertThat(SearchEngineGuard.lostConnection(new IOException(
                new org.apache.hc.core5.http.ConnectionClosedException("Connection closed by peer")))).isTrue();
        assertThat(SearchEngineGuard.lostConnection(new IllegalStateException("bad request"))).isFalse();
    }

    /** A node that takes connections but never answers (hung, or still starting) must not hold a request. */
    @Test
    void aNodeThatNeverAnswersFailsWithinTheResponseTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        accepted.add(silent.accept()); // read nothing, answer nothing
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            ElasticsearchClient hung = ElasticsearchClients.create("http://127.0.0.1:" + silent.getLocalPort(),
                    Optional.empty(), Duration.ofMillis(500));
            SearchEngineGuard guard = new SearchEngineGuard(hung, Duration.ofSeconds(5));
            long started = System.nanoTime();
            assertThatThrownBy(() -> guard.call(es -> es.search(s -> s.index("talks"), Void.class)))
                    .isInstanceOf(SearchUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
            assertThat(accepted).as("the request did reach the silent node").isNotEmpty();
            hung.close();
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    /**
     * A search some shards did not answer comes back 200 with fewer hits (or none). That is no answer: it is asked
     * again after a pause, and given up (so the viewer gets the PostgreSQL fallback) if the shards still fail.
     */
    @Test
    void anAnswerFromSomeShardsOnlyIsAskedAgainAndNeverPassedOn() throws Exception {
        String partial = """
                {"took":1,"timed_out":false,
                 "_shards":{"total":3,"successful":1,"skipped":0,"failed":2,"failures":[{"shard":0,"index":"talks-v1",
                   "node":"n2","reason":{"type":"node_not_connected_exception","reason":"[node-2] disconnected"}}]},
                 "hits":{"total":{"value":0,"relation":"eq"},"max_score":null,"hits":[]}}""";
        String whole = """
                {"took":1,"timed_out":false,"_shards":{"total":3,"successful":3,"skipped":0,"failed":0},
                 "hits":{"total":{"value":1,"relation":"eq"},"max_score":1.0,
                   "hits":[{"_index":"talks-v1","_id":"42","_score":1.0}]}}""";
        AtomicInteger requests = new AtomicInteger();
        List<String> answers = new CopyOnWriteArrayList<>(List.of(partial, partial, whole));
        com.sun.net.httpserver.HttpServer engine = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        engine.createContext("/", exchange -> {
            int n = requests.getAndIncrement();
            byte[] body = answers.get(Math.min(n, answers.size() - 1)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("X-Elastic-Product", "Elasticsearch");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        engine.start();
        try {
            ElasticsearchClient stub = ElasticsearchClients.create(
                    "http://127.0.0.1:" + engine.getAddress().getPort(), Optional.empty());
            SearchEngineGuard guard = new SearchEngineGuard(stub, Duration.ofSeconds(5));
            var request = co.elastic.clients.elasticsearch.core.SearchRequest.of(s -> s.index("talks"));

            var response = guard.search(request);
            assertThat(response.hits().hits()).extracting(h -> h.id()).containsExactly("42");
            assertThat(requests).as("two partial answers, then the whole one").hasValue(3);

            answers.set(2, partial);
            requests.set(0);
            assertThatThrownBy(() -> guard.search(request)).isInstanceOf(SearchUnavailableException.class)
                    .hasMessageContaining("1 of 3 shards answered").hasMessageContaining("[node-2] disconnected");
            assertThat(requests).as("asked three times, then given up").hasValue(3);
            stub.close();
        } finally {
            engine.stop(0);
        }
    }

    @Test
    void anAnswerWithoutAnAggregationItWasAskedForIsIncomplete() {
        SearchRequest request = SearchRequest.of(r -> r.index("talks")
                .aggregations("year", a -> a.terms(t -> t.field("year"))));
        SearchResponse<Void> without = SearchResponse.of(r -> r.took(1).timedOut(false)
                .shards(sh -> sh.total(1).successful(1).failed(0))
                .hits(h -> h.hits(java.util.List.of())));
        assertThatThrownBy(() -> SearchEngineGuard.withAggregations(request, without))
                .isInstanceOf(SearchEngineGuard.IncompleteAnswerException.class).hasMessageContaining("'year'");
        SearchResponse<Void> with = SearchResponse.of(r -> r.took(1).timedOut(false)
                .shards(sh -> sh.total(1).successful(1).failed(0))
                .hits(h -> h.hits(java.util.List.of()))
                .aggregations("year", a -> a.sterms(t -> t.buckets(b -> b.array(java.util.List.of())))));
        assertThat(SearchEngineGuard.withAggregations(request, with)).isSameAs(with);
    }
}
