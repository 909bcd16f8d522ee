package org.talkarchive.web.admin;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.NotFoundResponse;
import java.util.Optional;
import org.talkarchive.admin.Actor;
import org.talkarchive.admin.AdminSessions;
import org.talkarchive.web.shared.RequestBodies;

/**
 * The admin console's gate, before every {@code /admin} route: the console is off (404) without an admin token;
 * pages need a signed-in session (else to the sign-in form); every POST needs the session's CSRF token in its
 * {@code csrf} form field (else 403). Console features read who is acting with {@link #actor} and the token for
 * their forms with {@link #csrfToken}; a new console page needs nothing more than its route under {@code /admin}.
 *
 * <p>The session cookie is {@code HttpOnly} (scripts cannot read it), {@code SameSite=Strict} (no other site's page
 * sends it, the first defence against cross-site requests; the token is the second), {@code Secure} when the site is
 * served over https, and scoped to {@code /admin}.
 */
public final class AdminGuard {

    static final String SESSION_COOKIE = "admin_session";
    static final String SIGN_IN_COOKIE = "admin_sign_in";
    public static final String SIGN_IN_PATH = "/admin/sign-in";
    private static final String SESSION = "admin.session";

    private final AdminSessions sessions;
    private final boolean httpsSite;

    /** @param publicBase the site's public address: https there makes the cookies Secure */
    public AdminGuard(AdminSessions sessions, String publicBase) {
        this.sessions = sessions;
        this.httpsSite = publicBase.startsWith("https://");
    }

    AdminSessions sessions() {
        return sessions;
    }

    /** Before every /admin route. */
    public void check(Context ctx) {
        ctx.header("Cache-Control", "no-store"); // pages with tokens and state are never cached
        if (!sessions.enabled()) {
            throw new NotFoundResponse("The admin console is off: set TALKS_ADMIN_TOKEN to switch it on.");
        }
        if (ctx.path().equals(SIGN_IN_PATH)) {
            return; // the sign-in form checks its own token (there is no session yet)
        }
        Optional<AdminSessions.Session> session = sessions.find(ctx.cookie(SESSION_COOKIE));
        if (session.isEmpty()) {
            if (ctx.method().name().equals("GET")) {
                throw new SignInRequired(); // WebServer answers it with a redirect to the form
            }
            throw new ForbiddenResponse("Your session has ended; sign in again.");
        }
        if (ctx.method().name().equals("POST") && !AdminSessions.csrfMatches(session.get(),
                RequestBodies.form(ctx, RequestBodies.CONSOLE_FORM).value("csrf"))) {
            throw new ForbiddenResponse("The form's security token is missing or out of date; reload the page and"
                    + " try again.");
        }
        ctx.attribute(SESSION, session.get());
    }

    /** A page was asked for without a valid session: the answer is the sign-in form. */
    public static final class SignInRequired extends RuntimeException {
        SignInRequired() {
            super("Sign in first", null, false, false);
        }
    }

    /** The signed-in session of a request that passed {@link #check}. */
    static AdminSessions.Session session(Context ctx) {
        AdminSessions.Session session = ctx.attribute(SESSION);
        if (session == null) {
            throw new IllegalStateException(ctx.path() + " is not behind AdminGuard");
        }
        return session;
    }

    /** Who acts, for the audit log. */
    public static Actor actor(Context ctx) {
        return session(ctx).actor();
    }

    /** The token every console form must send back as {@code csrf}. */
    public static String csrfToken(Context ctx) {
        return session(ctx).csrfToken();
    }

    /** Sets the session cookie: a session cookie (no Max-Age), so closing the browser ends it too. */
    void startSession(Context ctx, AdminSessions.Session session) {
        setCookie(ctx, SESSION_COOKIE, session.id(), "/admin", -1);
    }

    public void endSession(Context ctx) {
        setCookie(ctx, SESSION_COOKIE, "", "/admin", 0);
    }

    void setCookie(Context ctx, String name, String value, String path, int maxAge) {
        StringBuilder cookie = new StringBuilder(name).append('=').append(value).append("; Path=").append(path)
                .append("; HttpOnly; SameSite=Strict");
        if (maxAge >= 0) {
            cookie.append("; Max-Age=").append(maxAge);
        }
        if (httpsSite || "https".equals(ctx.scheme())) {
            cookie.append("; Secure");
        }
        ctx.res().addHeader("Set-Cookie", cookie.toString());
    }
}
