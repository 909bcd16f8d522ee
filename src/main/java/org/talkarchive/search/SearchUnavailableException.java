package org.talkarchive.search;

/** Elasticsearch could not answer: the caller degrades (PostgreSQL search, no related talks) or answers 503. */
public final class SearchUnavailableException extends RuntimeException {

    public SearchUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
