package org.talkarchive.ui;

import java.util.List;
import org.talkarchive.curation.ProblemReports;
import org.talkarchive.curation.SpeakerMerge;
import org.talkarchive.curation.TalkEditing;

/**
 * What the curation console's pages show. Every form carries {@code csrf} back in a hidden field: empty while the
 * console is guarded by the bearer token, the session's token once it signs in with a session.
 */
public final class AdminPages {

    private AdminPages() {
    }

    /** Talks found by title, hidden ones first, each linking to its editor. */
    public record TalksPage(String query, List<TalkEditing.TalkState> talks) {
    }

    /**
     * One talk's editor. {@code notice} says what was just done ("Saved."), {@code error} why the form was refused;
     * on an error the form shows what was typed ({@code title}, {@code description}, {@code tags}).
     */
    public record TalkPage(TalkEditing.TalkState talk, String title, String description, String tags, String csrf,
                           String notice, String error) {

        public static TalkPage of(TalkEditing.TalkState talk, String csrf, String notice) {
            return new TalkPage(talk, talk.title(), talk.description() == null ? "" : talk.description(),
                    String.join("\n", talk.tags()), csrf, notice, null);
        }
    }

    /** Merging two speakers: the form, and after a merge what it did. */
    public record MergePage(String keep, String merge, String csrf, SpeakerMerge.Result result, String error) {
    }

    /** Open reports, oldest first. */
    public record ReportsPage(List<ProblemReports.Report> reports, String csrf, String notice) {
    }

    /** The page a viewer sees after reporting a problem. */
    public record ReportThanks(String talkPath) {
    }

    /** The kinds of problem the talk page's form offers. */
    public static List<ProblemReports.Kind> problemKinds() {
        return List.of(ProblemReports.Kind.values());
    }
}
