package org.talkarchive.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ShardStatistics;
import co.elastic.clients.elasticsearch.core.CountRequest;
import co.elastic.clients.elasticsearch.core.CountResponse;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import dev.failsafe.function.CheckedSupplier;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every call that viewers wait on goes to Elasticsearch through here, on a client with a short response timeout,
 * and behind a circuit breaker. After a few failures in a row the breaker opens and calls fail at once, so while the
 * engine is down, searches go straight to the PostgreSQL fallback instead of each waiting for a timeout; after a
 * pause one trial call is let through, and a success closes the breaker again.
 */
public final class SearchEngineGuard {

    private static final Logger log = LoggerFactory.getLogger(SearchEngineGuard.class);

    private final ElasticsearchClient client;
    private final CircuitBreaker<Object> breaker;
    /**
     * Once more, at once, when the connection to a node failed (refused, reset, closed) rather than timed out. The
     * client already moves a failed request to another node, but only to nodes it has not left out lately: when
     * every other node was left out (after slow answers on a busy machine, say) and then the one remaining node dies,
     * the request fails though the others answer. Tried again, it goes to one of those. A timeout is not retried:
     * the viewer has waited long enough, and PostgreSQL answers instead.
     */
    private final RetryPolicy<Object> lostConnection = RetryPolicy.builder()
            .handleIf(SearchEngineGuard::lostConnection)
            .withMaxRetries(1)
            .build();
    /**
     * Once or twice more, after a short pause, when some shards did not answer. The engine then still answers 200
     * with what the other shards found, which for a viewer is a wrong answer (fewer talks, or none) and for an export
     * a file with talks missing. It happens while a node has just died and the cluster has not yet moved its shards'
     * searches to their other copies; a moment later they answer.
     */
    private final RetryPolicy<Object> someShardsFailed = RetryPolicy.builder()
            .handle(IncompleteAnswerException.class)
            .withDelay(Duration.ofMillis(250))
            .withMaxRetries(2)
            .onRetry(e -> log.info("Elasticsearch answered from some shards only ({}); asking again",
                    e.getLastException().getMessage()))
            .build();

    /**
     * @param client     a client whose requests give up soon (viewers are waiting): see ElasticsearchClients
     * @param retryAfter how long the breaker stays open before a trial call
     */
    public SearchEngineGuard(ElasticsearchClient client, Duration retryAfter) {
        this.client = client;
        this.breaker = CircuitBreaker.builder()
                .withFailureThreshold(3)
                .withDelay(retryAfter)
                .withSuccessThreshold(1)
                .onOpen(e -> log.warn("Elasticsearch is failing; searches are answered from PostgreSQL for now"))
                .onClose(e -> log.info("Elasticsearch answers again; searches use it again"))
                .build();
    }

    /** A call with the engine, the guarded client given to it. */
    public interface EngineCall<T> {
        T call(ElasticsearchClient client) throws Exception;
    }

    /**
     * Runs the call unless the breaker is open.
     *
     * @throws SearchUnavailableException when the breaker is open or the call failed
     */
    public <T> T call(EngineCall<T> call) {
        CheckedSupplier<T> supplier = () -> call.call(client);
        try {
            // the breaker counts what the retries left
            return Failsafe.with(breaker, someShardsFailed, lostConnection).get(supplier);
        } catch (dev.failsafe.CircuitBreakerOpenException e) {
            throw new SearchUnavailableException("the search engine is unavailable", e);
        } catch (FailsafeException e) {
            throw new SearchUnavailableException("the search engine failed: " + e.getCause(), e.getCause());
        } catch (RuntimeException e) {
            throw new SearchUnavailableException("the search engine failed: " + e, e);
        }
    }

    /** A search whose answer came from every shard: a partial answer is retried, and failed as a whole after that. */
    public SearchResponse<Void> search(SearchRequest request) {
        return call(es -> withAggregations(request, whole(es.search(request, Void.class), SearchResponse::shards)));
    }

    /**
     * The response if it holds every aggregation asked for (Elasticsearch answers each one, empty or not); otherwise
     * an {@link IncompleteAnswerException}, as for a shard that did not answer: a node dying mid-search in a cluster
     * once left them out of an answer that counted no failed shard.
     */
    static SearchResponse<Void> withAggregations(SearchRequest request, SearchResponse<Void> response) {
        for (String name : request.aggregations().keySet()) {
            if (!response.aggregations().containsKey(name)) {
                throw new IncompleteAnswerException("the answer lacks the aggregation '" + name + "' it was asked for");
            }
        }
        return response;
    }

    /** A count from every shard (see {@link #search}). */
    public long count(CountRequest request) {
        return call(es -> whole(es.count(request), CountResponse::shards).count());
    }

    /**
     * The response if every shard answered; otherwise an {@link IncompleteAnswerException}. No shard at all is as
     * bad: a node that has not joined its cluster yet may find no index behind the alias.
     */
    private static <R> R whole(R response, Function<R, ShardStatistics> shards) {
        ShardStatistics statistics = shards.apply(response);
        if (statistics.failed().intValue() > 0 || statistics.total().intValue() == 0) {
            throw new IncompleteAnswerException(statistics.successful() + " of " + statistics.total()
                    + " shards answered" + statistics.failures().stream().findFirst()
                    .map(f -> " (first failure: " + f.reason().reason() + ")").orElse(""));
        }
        return response;
    }

    /** Some shards did not answer. */
    static final class IncompleteAnswerException extends RuntimeException {
        IncompleteAnswerException(String message) {
            super(message);
        }
    }

    /** Whether {@code failure} says a connection broke or was refused (a node gone), as opposed to a timeout. */
    static boolean lostConnection(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketException // ConnectException and "connection reset" are ones
                    || t instanceof org.apache.hc.core5.http.ConnectionClosedException
                    || t instanceof org.apache.hc.core5.http.NoHttpResponseException) {
                return true;
            }
        }
        return false;
    }

    /** How the client reads and writes JSON: for the parts of an answer the client does not know the types of. */
    public co.elastic.clients.json.JsonpMapper mapper() {
        return client._jsonpMapper();
    }

    /** False while the breaker is open: calls would fail at once. */
    public boolean available() {
        return !breaker.isOpen();
    }

    /** "closed" (calls go through), "open" (they fail at once) or "half_open" (a trial call may go through). */
    public String state() {
        return breaker.getState().name().toLowerCase(java.util.Locale.ROOT);
    }
}
