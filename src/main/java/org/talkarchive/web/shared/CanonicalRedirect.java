package org.talkarchive.web.shared;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.util.Optional;

/**
 * Talk, speaker and event URLs arrive typed, shared and lower-cased by other sites in every letter case: a path that
 * names one of ours but for case is answered with a permanent redirect to the canonical one (query kept), so
 * bookmarks and search engines settle on one address.
 */
public final class CanonicalRedirect {

    private CanonicalRedirect() {
    }

    /** Redirects to {@code canonical} if there is one; otherwise the page is not found. */
    public static void toOrNotFound(Context ctx, Optional<String> canonical, String notFound) {
        String path = canonical.filter(p -> !p.equals(ctx.path())).orElseThrow(() -> new NotFoundResponse(notFound));
        String query = ctx.queryString();
        ctx.redirect(query == null || query.isEmpty() ? path : path + "?" + query, HttpStatus.MOVED_PERMANENTLY);
    }
}
