package org.talkarchive.curation;

/** The talk, speaker or report an action names does not exist (a 404 over HTTP). */
public final class CurationNotFoundException extends RuntimeException {

    public CurationNotFoundException(String message) {
        super(message);
    }
}
