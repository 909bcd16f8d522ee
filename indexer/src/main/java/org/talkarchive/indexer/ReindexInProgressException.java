package org.talkarchive.indexer;

/** Only one reindex runs at a time; a second one is refused (HTTP 409), not queued. */
public final class ReindexInProgressException extends RuntimeException {

    public ReindexInProgressException() {
        super("Another reindex is running; try again when it has finished");
    }
}
