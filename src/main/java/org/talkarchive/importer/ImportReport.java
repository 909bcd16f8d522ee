package org.talkarchive.importer;

import java.time.Duration;
import java.util.List;
import org.talkarchive.importer.CorpusRecords.Rejection;

/**
 * What an import did; printed by the CLI and returned by the admin API. {@code downgraded} lists videos that were
 * dropped (not http(s)) or that pages will only link, not embed (see {@code VideoEmbeds}). {@code changeIds} are
 * the change rows ({@code search_change}) the import recorded for publishing, for {@code talksChanged} talks (a
 * new talk records one per table it touches): they are published once none of them is pending, by whichever
 * publisher took them.
 */
public record ImportReport(int events, int talksRead, int inserted, int updated, int unchanged, int deleted,
                           int withheld, List<Rejection> rejections, List<Rejection> downgraded, List<Long> changeIds,
                           int talksChanged, Duration took) {

    public String summary() {
        return String.format(
                "%d events, %d talks read in %.1f s: %d new, %d updated, %d unchanged, %d removed, %d withheld"
                        + " (NO_PUBLISH), %d rejected, %d videos linked rather than embedded",
                events, talksRead, took.toMillis() / 1000.0, inserted, updated, unchanged, deleted, withheld,
                rejections.size(), downgraded.size());
    }
}
