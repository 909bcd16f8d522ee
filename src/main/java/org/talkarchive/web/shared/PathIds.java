package org.talkarchive.web.shared;

import io.javalin.http.Context;
import org.talkarchive.search.InvalidParameterException;

/** The {@code {id}} of a route's path (a talk's, a report's): a whole number, or a 400 naming the parameter. */
public final class PathIds {

    private PathIds() {
    }

    public static long id(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new InvalidParameterException("id", "must be a whole number, was '" + ctx.pathParam("id") + "'");
        }
    }
}
