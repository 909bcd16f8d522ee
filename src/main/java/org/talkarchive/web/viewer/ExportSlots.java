package org.talkarchive.web.viewer;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.util.concurrent.Semaphore;
import org.talkarchive.web.shared.Streaming;

/**
 * How many CSV and JSON downloads run at once. Each streams every matching talk, holding a search and a database
 * connection for its whole length, and ten at once took 49 s and grew the app from 430 MB to 1.29 GB; beyond the
 * limit a download is refused at once with 429 and {@code Retry-After}, before anything is searched.
 */
final class ExportSlots {

    /** About how long one full export of the archive takes here. */
    static final int RETRY_AFTER_SECONDS = 10;

    private final Semaphore slots;

    ExportSlots(int concurrent) {
        this.slots = new Semaphore(concurrent);
    }

    /** Runs the download in a slot, or answers 429 when every slot is taken. */
    void run(Context ctx, Streaming.Body download) throws Exception {
        if (!slots.tryAcquire()) {
            ctx.header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
            throw new HttpResponseException(HttpStatus.TOO_MANY_REQUESTS.getCode(), "Other downloads are running;"
                    + " please try again in " + RETRY_AFTER_SECONDS + " seconds");
        }
        try {
            download.write();
        } finally {
            slots.release();
        }
    }
}
