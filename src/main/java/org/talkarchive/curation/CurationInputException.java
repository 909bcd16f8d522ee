package org.talkarchive.curation;

/** Input an admin action or a viewer's report refuses, naming the field and the reason (a 400 over HTTP). */
public final class CurationInputException extends RuntimeException {

    private final String field;

    public CurationInputException(String field, String reason) {
        super(reason);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
