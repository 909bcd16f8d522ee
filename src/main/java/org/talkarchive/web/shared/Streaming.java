package org.talkarchive.web.shared;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long responses written batch by batch (CSV and JSON downloads). Once the first bytes are out, the status is 200
 * and can no longer change: a failure after that point must not end the response normally (a client would take a
 * cut-short download for a whole one), nor append an error page to it. The connection is aborted instead, so the
 * client sees a transfer that did not finish (chunked encoding without its last chunk).
 *
 * <p>A download must also keep moving ({@link Pace}): it holds one of the few download slots, a search and a
 * database connection for its whole length, and a client that stops reading, or reads a kilobyte now and then, would
 * hold them for as long as it liked.
 */
public final class Streaming {

    private static final Logger log = LoggerFactory.getLogger(Streaming.class);

    public interface Body {
        void write() throws Exception;
    }

    /**
     * How fast a download must move: at least {@code minBytesPerSecond} on average over every {@code window}, or it
     * is aborted. Counted as bytes handed to the socket, so a stalled client is caught once its buffers are full.
     */
    public record Pace(Duration window, long minBytesPerSecond) {
        /** 160 KB in every 10 s: a slow phone reads much faster, and a 20 MB export stays under 21 minutes. */
        public static final Pace DOWNLOADS = new Pace(Duration.ofSeconds(10), 16 * 1024);
    }

    private Streaming() {
    }

    /** Writes the body; a failure before anything was sent propagates (a normal error answer is still possible). */
    public static void streamOrAbort(Context ctx, Body body) throws Exception {
        streamOrAbort(ctx, body, Pace.DOWNLOADS);
    }

    /** As {@link #streamOrAbort(Context, Body)}, at the given pace. */
    public static void streamOrAbort(Context ctx, Body body, Pace pace) throws Exception {
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
        EndPoint endPoint = request.getServletChannel().getEndPoint();
        try (PaceWatch ignored = new PaceWatch(request.getComponents().getScheduler(),
                request.getConnectionMetaData().getConnection(), endPoint, pace, ctx.method() + " " + ctx.path())) {
            body.write();
        } catch (Exception e) {
            if (!ctx.res().isCommitted()) {
                // nothing was sent: drop what was buffered and answer with an ordinary error (headers such as the
                // security headers stay; the download's file name goes, since the answer is no longer the file)
                ctx.res().resetBuffer();
                ctx.res().setHeader("Content-Disposition", null);
                throw e;
            }
            log.warn("{} {} failed after its response began; aborting the connection: {}", ctx.method(), ctx.path(),
                    e.toString());
            // The connection is closed under the response: the client sees a broken, incomplete response. (Not
            // ServletChannel.abort: in Jetty 12 that leaves the request in a state that Javalin 7 takes for an async
            // one, and it then logs an error of its own for every aborted download.)
            endPoint.close(e);
        }
    }

    /**
     * Looks at the bytes sent once per window, on the server's scheduler, until closed; closing the connection under
     * a download that fell behind makes its blocked write fail, which ends it like any other failure.
     */
    private static final class PaceWatch implements AutoCloseable {
        private final Scheduler scheduler;
        private final Connection connection;
        private final EndPoint endPoint;
        private final Pace pace;
        private final String request;
        private long sentBefore;
        private volatile boolean done;
        private volatile Scheduler.Task next;

        PaceWatch(Scheduler scheduler, Connection connection, EndPoint endPoint, Pace pace, String request) {
            this.scheduler = scheduler;
            this.connection = connection;
            this.endPoint = endPoint;
            this.pace = pace;
            this.request = request;
            this.sentBefore = connection.getBytesOut();
            schedule();
        }

        private void schedule() {
            if (!done) {
                next = scheduler.schedule(this::check, pace.window().toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        private void check() {
            if (done) {
                return;
            }
            long sent = connection.getBytesOut();
            long least = pace.minBytesPerSecond() * pace.window().toMillis() / 1000;
            if (sent - sentBefore < least) {
                log.warn("{}: {} bytes went out in the last {} ms, fewer than {}; aborting the download", request,
                        sent - sentBefore, pace.window().toMillis(), least);
                endPoint.close(new TimeoutException("the download fell behind its pace"));
                return;
            }
            sentBefore = sent;
            schedule();
        }

        @Override
        public void close() {
            done = true;
            Scheduler.Task task = next;
            if (task != null) {
                task.cancel();
            }
        }
    }
}
