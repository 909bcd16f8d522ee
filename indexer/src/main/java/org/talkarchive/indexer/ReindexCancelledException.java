package org.talkarchive.indexer;

/**
 * A reindex stopped because it was asked to, before the alias switched: the half-built index is deleted and the
 * old one is still the one searches read.
 */
public final class ReindexCancelledException extends RuntimeException {

    public ReindexCancelledException() {
        super("The reindex was cancelled; the previous index stays live");
    }
}
