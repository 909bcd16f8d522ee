package org.talkarchive.transcripts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaptionParserTest {

    private static List<Cue> parse(String text, CaptionFormat format) throws CaptionFileException {
        return CaptionParser.parse("talk." + format.extension(), text.getBytes(StandardCharsets.UTF_8), format);
    }

    private static CaptionFileException failure(byte[] bytes, CaptionFormat format) {
        try {
            CaptionParser.parse("bad." + format.extension(), bytes, format);
        } catch (CaptionFileException e) {
            return e;
        }
        throw new AssertionError("expected the file to be refused");
    }

    private static CaptionFileException failure(String text, CaptionFormat format) {
        return failure(text.getBytes(StandardCharsets.UTF_8), format);
    }

    @Test
    void readsWebVttWithHeaderNotesIdentifiersSettingsAndMarkup() throws Exception {
        List<Cue> cues = parse("""
                \uFEFFWEBVTT - captions of a talk
                Kind: captions

                NOTE written by hand
                over two lines

                intro
                00:01.000 --> 00:04.500 align:start position:10%
                <v Ana>Welcome to the talk</v> &amp; thanks

                01:02:03.250 --> 01:02:05.000
                <c.yellow>Garbage</c> collection
                <00:01:02.500>pauses
                """, CaptionFormat.VTT);
        assertThat(cues).containsExactly(new Cue(1000, 4500, "Welcome to the talk & thanks"),
                new Cue(3_723_250, 3_725_000, "Garbage collection pauses"));
        assertThat(cues.get(1).startSecond()).isEqualTo(3723);
        assertThat(cues.get(1).startLabel()).isEqualTo("1:02:03");
        assertThat(cues.get(0).startLabel()).isEqualTo("0:01");
    }

    @Test
    void readsSrtWithCrLfAndFormatting() throws Exception {
        List<Cue> cues = parse("1\r\n00:00:01,000 --> 00:00:02,000\r\n<i>Hello</i> {\\an8}there\r\n\r\n"
                + "2\r\n00:00:02,500 --> 00:00:04,000\r\nsecond\r\nline\r\n", CaptionFormat.SRT);
        assertThat(cues).containsExactly(new Cue(1000, 2000, "Hello there"), new Cue(2500, 4000, "second line"));
    }

    @Test
    void badTimestampsNameFileAndLine() {
        CaptionFileException e = failure("WEBVTT\n\n00:01.000 --> 00:02.000\nok\n\n00:03.000 --> 00:4.000\nbad\n",
                CaptionFormat.VTT);
        assertThat(e.file()).isEqualTo("bad.vtt");
        assertThat(e.line()).isEqualTo(6);
        assertThat(e.getMessage()).isEqualTo("bad.vtt, line 6: bad timestamp '00:4.000': expected mm:ss.ttt or"
                + " hh:mm:ss.ttt");
        assertThat(failure("WEBVTT\n\n00:61.000 --> 01:02.000\nx\n", CaptionFormat.VTT).getMessage())
                .contains("line 3").contains("below 60");
        assertThat(failure("1\n00:00:05,000 --> 00:00:04,000\nx\n", CaptionFormat.SRT).getMessage())
                .contains("line 2").contains("before or when it starts");
        assertThat(failure("1\n00:00:01.000 --> 00:00:04,000\nx\n", CaptionFormat.SRT).getMessage())
                .contains("line 2").contains("hh:mm:ss,ttt");
        assertThat(failure("WEBVTT\n\n00:05.000 --> 00:06.000\nx\n\n00:01.000 --> 00:02.000\ny\n",
                CaptionFormat.VTT).getMessage()).contains("line 6").contains("before the previous cue");
    }

    @Test
    void emptyCuesAndMissingPartsAreRefused() {
        assertThat(failure("1\n00:00:01,000 --> 00:00:02,000\n<i> </i>\n", CaptionFormat.SRT).getMessage())
                .isEqualTo("bad.srt, line 2: the cue has no text");
        assertThat(failure("WEBVTT\n\n00:01.000 --> 00:02.000\n\n", CaptionFormat.VTT).getMessage())
                .contains("line 3").contains("no text");
        assertThat(failure("one\n00:00:01,000 --> 00:00:02,000\nx\n", CaptionFormat.SRT).getMessage())
                .contains("line 1").contains("cue number");
        assertThat(failure("00:01.000 --> 00:02.000\nx\n", CaptionFormat.VTT).getMessage())
                .contains("line 1").contains("WEBVTT");
        assertThat(failure("WEBVTT\n", CaptionFormat.VTT).getMessage()).isEqualTo("bad.vtt: has no cues");
    }

    @Test
    void badUtf8IsReportedWithItsLineNeverReplaced() {
        byte[] latin1 = "1\n00:00:01,000 --> 00:00:02,000\ncaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        CaptionFileException e = failure(latin1, CaptionFormat.SRT);
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.reason()).contains("not valid UTF-8").contains("0xe9");
    }
}
