package org.talkarchive.web.shared;

import io.javalin.http.Context;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long responses written batch by batch (CSV and JSON downloads). Once the first bytes are out, the status is 200
 * and can no longer change: a failure after that point must not end the response normally (a client would take a
 * cut-short download for a whole one), nor append an error page to it. The connection is aborted instead, so the
 * client sees a transfer that did not finish (chunked encoding without its last chunk).
 */
public final class Streaming {

    private static final Logger log = LoggerFactory.getLogger(Streaming.class);

    public interface Body {
        void write() throws Exception;
    }

    private Streaming() {
    }

    /** Writes the body; a failure before anything was sent propagates (a normal error answer is still possible). */
    public static void streamOrAbort(Context ctx, Body body) throws Exception {
        try {
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
            ServletContextRequest.getServletContextRequest(ctx.req()).getServletChannel().getEndPoint().close(e);
        }
    }
}
