package org.talkarchive.ui;

import java.util.List;

/**
 * What the admin console's pages show (templates {@code admin*.jte}). Plain text and numbers, already worded: the
 * console's services are the HTTP layer's business, not the templates'. Every page that has a form carries the
 * session's CSRF token, which each form sends back.
 */
public final class AdminPages {

    private AdminPages() {
    }

    /** A labelled value, with an optional link and an id for tests and the refresh script. */
    public record Fact(String id, String label, String value, String href) {
        public static Fact of(String id, String label, String value) {
            return new Fact(id, label, value, null);
        }
    }

    /** The sign-in form; {@code message} explains a refused attempt (null for none). */
    public record SignIn(String csrfToken, String message) {
    }

    /**
     * A job as a row and as a page: {@code progress} is "120 of 3,402" (or "120"), {@code percent} 0–100 or -1
     * when the total is unknown; {@code cancellable} offers the cancel button.
     */
    public record Job(long id, String href, String kind, String state, String phase, String progress, int percent,
                      String rate, String startedAt, String finishedAt, String startedBy, boolean running,
                      boolean cancellable, boolean cancelRequested, List<String> errors, List<Fact> result) {
    }

    /**
     * The status page. {@code verdict} is the last consistency check's in words ("Consistent", "Drift", "Never
     * run", "Failed") and {@code verdictClass} how it is styled (ok, bad, none).
     */
    public record Status(String csrfToken, String actor, List<Fact> index, String verdict, String verdictClass,
                         List<Fact> lastCheck, Job runningReindex, List<Job> jobs, List<String> errors) {
    }

    public record JobPage(String csrfToken, Job job) {
    }

    /** One audit entry, its before and after as JSON text (empty when none). */
    public record AuditEntry(long id, String at, String actor, String action, String subject, String before,
                             String after) {
    }

    public record Audit(String csrfToken, List<AuditEntry> entries, String olderHref) {
    }
}
