package org.talkarchive.web.viewer;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.talkarchive.talks.Talks.SpeakerRef;
import org.talkarchive.talks.Talks.TagRef;
import org.talkarchive.talks.Talks.TalkSummary;

/**
 * Talks as CSV (RFC 4180, by commons-csv): a header, then one row per talk. A cell that a spreadsheet would run as a
 * formula (=, +, -, @ first) gets a leading apostrophe: titles come from the public, downloads go into researchers'
 * spreadsheets.
 */
final class TalkCsv {

    static final List<String> COLUMNS = List.of("id", "title", "speakers", "event", "event_title", "recorded",
            "duration_seconds", "language", "tags", "url", "video_url", "description");
    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setHeader(COLUMNS.toArray(String[]::new)).get();

    private final CSVPrinter printer;
    private final String publicBase;

    /** Writes the header at once. @param publicBase the site's public URL, for each talk's absolute link */
    TalkCsv(Writer out, String publicBase) throws IOException {
        this.printer = FORMAT.print(out);
        this.publicBase = publicBase;
    }

    /**
     * @param videoUrl    the talk's most reliable video (as the player orders them), or empty
     * @param description its description as plain text, or empty
     */
    void write(TalkSummary t, String videoUrl, String description) throws IOException {
        printer.printRecord(List.of(Long.toString(t.id()), t.title(),
                String.join("; ", t.speakers().stream().map(SpeakerRef::name).toList()),
                t.event().slug(), t.event().title(),
                t.recorded() == null ? "" : t.recorded().toString(),
                t.durationSeconds() == null ? "" : t.durationSeconds().toString(),
                t.language() == null ? "" : t.language(),
                String.join("; ", t.tags().stream().map(TagRef::name).toList()),
                publicBase + t.path(), videoUrl, description).stream().map(TalkCsv::defused).toList());
    }

    void flush() throws IOException {
        printer.flush();
    }

    static String defused(String cell) {
        return !cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0 ? "'" + cell : cell;
    }
}
