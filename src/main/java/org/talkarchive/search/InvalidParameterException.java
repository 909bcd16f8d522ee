package org.talkarchive.search;

/** A request parameter that cannot be used; becomes HTTP 400 with the parameter named. */
public final class InvalidParameterException extends RuntimeException {

    private final String parameter;

    public InvalidParameterException(String parameter, String reason) {
        super(reason, null, false, false);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
