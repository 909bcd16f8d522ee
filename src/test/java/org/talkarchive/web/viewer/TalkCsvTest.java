package org.talkarchive.web.viewer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.io.StringWriter;
import java.time.LocalDate;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.talkarchive.talks.Talks.EventRef;
import org.talkarchive.talks.Talks.SpeakerRef;
import org.talkarchive.talks.Talks.TagRef;
import org.talkarchive.talks.Talks.TalkSummary;

class TalkCsvTest {

    @Test
    void rowsQuoteWhatNeedsQuotingAndReadBackAsWritten() throws Exception {
        String written = csvOf(talk("Say \"hi\", twice\nand again"), "https://talks.example");
        assertThat(written).startsWith(String.join(",", TalkCsv.COLUMNS) + "\r\n")
                .contains("\"Say \"\"hi\"\", twice\nand again\"");
        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(written)).getRecords();
        assertThat(rows).hasSize(1);
        CSVRecord row = rows.get(0);
        assertThat(row.get("title")).isEqualTo("Say \"hi\", twice\nand again");
        assertThat(row.get("speakers")).isEqualTo("Ana García; Bob");
        assertThat(row.get("tags")).isEqualTo("Django; testing");
        assertThat(row.get("recorded")).isEqualTo("2019-07-01");
        assertThat(row.get("duration_seconds")).isEmpty();
        assertThat(row.get("url")).isEqualTo("https://talks.example/talks/conf-2019/say-hi");
    }

    @Test
    void rowsCarryTheVideoAndTheDescription() throws Exception {
        var row = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new java.io.StringReader(csvOf(talk("Say hi"), ""))).getRecords().get(0);
        assertThat(row.get("video_url")).isEqualTo("https://www.youtube.com/watch?v=abcdefghijk");
        // a description's lines stay in one cell, quoted
        assertThat(row.get("description")).isEqualTo("First line.\n\n=cmd|' /C calc'!A0");
        assertThat(TalkCsv.COLUMNS).endsWith("url", "video_url", "description");
    }

    @Test
    void formulasAreDefused() throws Exception {
        assertThat(csvOf(talk("=HYPERLINK(\"http://x\")"), "")).contains("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(TalkCsv.defused("+1")).isEqualTo("'+1");
        assertThat(TalkCsv.defused("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(TalkCsv.defused("-")).isEqualTo("'-");
        assertThat(TalkCsv.defused("plain")).isEqualTo("plain");
        assertThat(TalkCsv.defused("")).isEmpty();
    }

    private static String csvOf(TalkSummary talk, String publicBase) throws Exception {
        StringWriter out = new StringWriter();
        TalkCsv csv = new TalkCsv(out, publicBase);
        csv.write(talk, "https://www.youtube.com/watch?v=abcdefghijk", "First line.\n\n=cmd|' /C calc'!A0");
        csv.flush();
        return out.toString();
    }

    private static TalkSummary talk(String title) {
        return new TalkSummary(7, "say-hi", title, new EventRef("conf-2019", "Conf 2019"), LocalDate.of(2019, 7, 1),
                null, "eng", null, List.of(new SpeakerRef("ana-garcia", "Ana García"), new SpeakerRef("bob", "Bob")),
                List.of(new TagRef("django", "Django"), new TagRef("testing", "testing")));
    }
}
