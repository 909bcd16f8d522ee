package org.talkarchive.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import dev.failsafe.function.CheckedSupplier;
import java.time.Duration;
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
            return Failsafe.with(breaker, lostConnection).get(supplier); // the breaker counts what the retry left
        } catch (dev.failsafe.CircuitBreakerOpenException e) {
            throw new SearchUnavailableException("the search engine is unavailable", e);
        } catch (FailsafeException e) {
            throw new SearchUnavailableException("the search engine failed: " + e.getCause(), e.getCause());
        } catch (RuntimeException e) {
            throw new SearchUnavailableException("the search engine failed: " + e, e);
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

    /** False while the breaker is open: calls would fail at once. */
    public boolean available() {
        return !breaker.isOpen();
    }

    /** "closed" (calls go through), "open" (they fail at once) or "half_open" (a trial call may go through). */
    public String state() {
        return breaker.getState().name().toLowerCase(java.util.Locale.ROOT);
    }
}
