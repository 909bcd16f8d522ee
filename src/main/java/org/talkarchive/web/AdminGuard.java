package org.talkarchive.web;

import io.javalin.http.Context;
import java.util.Optional;

/**
 * Who may use the admin console and the admin API, in one place, so that how admins sign in can change without
 * touching a handler: every admin handler gets its actor (the name the audit log records) from here, and every
 * console form carries a hidden {@code csrf} field with {@link #csrfToken} that {@link #checkCsrf} verifies.
 */
public interface AdminGuard {

    /** Lets the request through and names who makes it, or throws (401 without credentials, 403 when off). */
    String authorize(Context ctx);

    /** The value a console form carries in its hidden {@code csrf} field; empty when the guard needs none. */
    String csrfToken(Context ctx);

    /** Checks a console form's {@code csrf} field (after {@link #authorize}); throws when it does not match. */
    void checkCsrf(Context ctx);

    /**
     * {@code Authorization: Bearer} with TALKS_ADMIN_TOKEN, as /api/admin has always needed. A browser never sends
     * that header by itself, so a form posted from another site cannot carry it: no CSRF token is needed, and
     * forms carry an empty one.
     */
    static AdminGuard bearer(Optional<String> token) {
        BearerToken bearer = new BearerToken(token, "TALKS_ADMIN_TOKEN");
        return new AdminGuard() {
            @Override
            public String authorize(Context ctx) {
                bearer.require(ctx);
                return "admin-token";
            }

            @Override
            public String csrfToken(Context ctx) {
                return "";
            }

            @Override
            public void checkCsrf(Context ctx) {
                // nothing to check: see above
            }
        };
    }
}
