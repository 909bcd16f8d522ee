package org.talkarchive.admin;

/**
 * Who performs an admin action, as the audit log names them: a script with the bearer token, or a console
 * session (by the first characters of its id's hash: enough to tell sessions apart, useless to sign in with).
 */
public record Actor(String name) {

    public Actor {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("An admin action needs an actor");
        }
    }

    /** A request that carried {@code Authorization: Bearer $TALKS_ADMIN_TOKEN}. */
    public static final Actor ADMIN_TOKEN = new Actor("admin token");

    /** Someone at the sign-in form (before a session exists). */
    public static Actor signIn(String client) {
        return new Actor("sign-in from " + client);
    }

    public static Actor session(String idHashPrefix) {
        return new Actor("session " + idHashPrefix);
    }
}
