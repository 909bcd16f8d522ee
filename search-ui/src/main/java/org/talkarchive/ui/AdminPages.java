package org.talkarchive.ui;

import java.util.List;
import org.talkarchive.curation.ProblemReports;
import org.talkarchive.curation.SpeakerMerge;
import org.talkarchive.curation.TalkEditing;

/**
 * What the admin console's pages show (templates {@code admin*.jte}): sign-in, status and jobs, the audit log, and
 * curation (talks, merging speakers, viewers' reports). Plain text and numbers, already worded: the console's
 * services are the HTTP layer's business, not the templates'. Every console page carries the session's CSRF token
 * ({@code csrfToken}), which each of its forms (the navigation's sign-out included) sends back as {@code csrf}.
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

    /** The jobs list, newest first. */
    public record Jobs(String csrfToken, List<Job> jobs) {
    }

    /** One audit entry, its before and after as JSON text (empty when none). */
    public record AuditEntry(long id, String at, String actor, String action, String subject, String before,
                             String after) {
    }

    public record Audit(String csrfToken, List<AuditEntry> entries, String olderHref) {
    }

    // ---- curation

    /** Talks found by title, hidden ones first, each linking to its editor. */
    public record TalksPage(String csrfToken, String query, List<TalkEditing.TalkState> talks) {
    }

    /**
     * One talk's editor. {@code notice} says what was just done ("Saved."), {@code error} why the form was refused;
     * on an error the form shows what was typed ({@code title}, {@code description}, {@code tags}).
     */
    public record TalkPage(String csrfToken, TalkEditing.TalkState talk, String title, String description,
                           String tags, String notice, String error) {

        public static TalkPage of(String csrfToken, TalkEditing.TalkState talk, String notice) {
            return new TalkPage(csrfToken, talk, talk.title(), talk.description() == null ? "" : talk.description(),
                    String.join("\n", talk.tags()), notice, null);
        }
    }

    /** Merging two speakers: the form, and after a merge what it did. */
    public record MergePage(String csrfToken, String keep, String merge, SpeakerMerge.Result result, String error) {
    }

    /** Open reports, oldest first. */
    public record ReportsPage(String csrfToken, List<ProblemReports.Report> reports, String notice) {
    }

    // ---- viewers' side of reports (the talk page's form)

    /** The page a viewer sees after reporting a problem. */
    public record ReportThanks(String talkPath) {
    }

    /** The kinds of problem the talk page's form offers. */
    public static List<ProblemReports.Kind> problemKinds() {
        return List.of(ProblemReports.Kind.values());
    }
}
