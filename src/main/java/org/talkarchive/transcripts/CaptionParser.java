package org.talkarchive.transcripts;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads WebVTT and SRT caption files into {@link Cue}s, strictly: every error names the file and the line.
 *
 * <p>Why our own parser: the Java caption libraries on Maven Central are unmaintained (fr.noop / com.nomalab
 * {@code subtitle}, last released years ago, LGPL) or convert without validating ({@code srt-to-vtt}); none
 * reports the line of a bad timestamp, and both formats are small enough to read exactly as their specifications
 * say (WebVTT: W3C's "WebVTT: The Web Video Text Tracks Format", the parts a transcript needs; SRT: the de facto
 * SubRip layout).
 *
 * <p>What is checked: UTF-8 (a decoder that reports, never replaces), the {@code WEBVTT} signature, every
 * timestamp's form and ranges (minutes and seconds below 60), an end after the start, cues in order of start time,
 * no empty cue, SRT's cue numbers, and bounds on size. What is kept of a cue is its text: WebVTT and SRT markup
 * ({@code <v Speaker>}, {@code <i>}, {@code <c.class>}, inline timestamps, {@code {\an8}}) is removed and entities
 * decoded; settings, regions and styles are read past.
 */
public final class CaptionParser {

    /** Larger than any talk's captions (a 45-minute talk is about 100 KB); an upload over it is refused. */
    public static final int MAX_BYTES = 8 * 1024 * 1024;
    /** The search index holds a talk's cues as nested documents; its limit per talk is set above this. */
    public static final int MAX_CUES = 15_000;

    private static final Pattern VTT_TIME = Pattern.compile("(?:(\\d{2,}):)?(\\d{2}):(\\d{2})\\.(\\d{3})");
    private static final Pattern SRT_TIME = Pattern.compile("(\\d{1,3}):(\\d{2}):(\\d{2}),(\\d{3})");
    private static final Pattern ARROW = Pattern.compile("^(\\S+)[ \\t]+-->[ \\t]+(\\S+)(?:[ \\t]+(.*))?$");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern ASS_OVERRIDE = Pattern.compile("\\{\\\\[^}]*}");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private CaptionParser() {
    }

    public static List<Cue> parse(String file, byte[] bytes, CaptionFormat format) throws CaptionFileException {
        if (bytes.length > MAX_BYTES) {
            throw new CaptionFileException(file, 0, "is " + bytes.length + " bytes; at most " + MAX_BYTES
                    + " are read");
        }
        List<String> lines = lines(file, bytes);
        List<Cue> cues = format == CaptionFormat.VTT ? vtt(file, lines) : srt(file, lines);
        if (cues.isEmpty()) {
            throw new CaptionFileException(file, 0, "has no cues");
        }
        return cues;
    }

    /** Decodes strictly as UTF-8 (a byte order mark is dropped) and splits at CRLF, LF or CR. */
    static List<String> lines(String file, byte[] bytes) throws CaptionFileException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new CaptionFileException(file, line, "is not valid UTF-8 (byte " + (at + 1) + ", 0x"
                    + String.format("%02x", bytes[at] & 0xff) + "); save the file as UTF-8");
        }
        out.flip();
        String text = out.toString();
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.indexOf('\0') >= 0) {
            int line = text.substring(0, text.indexOf('\0')).split("\r\n|\n|\r", -1).length;
            throw new CaptionFileException(file, line, "contains a NUL character (not a text file?)");
        }
        return List.of(text.split("\r\n|\n|\r", -1));
    }

    private static List<Cue> vtt(String file, List<String> lines) throws CaptionFileException {
        String first = lines.get(0);
        if (!(first.equals("WEBVTT") || first.startsWith("WEBVTT ") || first.startsWith("WEBVTT\t"))) {
            throw new CaptionFileException(file, 1, "a WebVTT file must start with the line WEBVTT, found '"
                    + shorten(first) + "'");
        }
        int i = 1;
        while (i < lines.size() && !lines.get(i).isEmpty()) { // the header's other lines
            if (lines.get(i).contains("-->")) {
                throw new CaptionFileException(file, i + 1, "a blank line must separate the WEBVTT line from"
                        + " the first cue");
            }
            i++;
        }
        List<Cue> cues = new ArrayList<>();
        while (i < lines.size()) {
            if (lines.get(i).isBlank()) {
                i++;
                continue;
            }
            int blockStart = i;
            int end = blockEnd(lines, i);
            String head = lines.get(i);
            if (isBlock(head, "NOTE") || isBlock(head, "STYLE") || isBlock(head, "REGION")) {
                i = end;
                continue;
            }
            if (!head.contains("-->")) { // an identifier line
                i++;
                if (i >= end) {
                    throw new CaptionFileException(file, blockStart + 1, "'" + shorten(head)
                            + "' is neither a cue's timing line (start --> end) nor followed by one");
                }
            }
            cues.add(cue(file, lines, i, end, CaptionFormat.VTT, cues));
            i = end;
        }
        return cues;
    }

    private static List<Cue> srt(String file, List<String> lines) throws CaptionFileException {
        List<Cue> cues = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            if (lines.get(i).isBlank()) {
                i++;
                continue;
            }
            int end = blockEnd(lines, i);
            String number = lines.get(i).strip();
            if (!number.matches("\\d{1,9}")) {
                throw new CaptionFileException(file, i + 1, "expected a cue number, found '" + shorten(number) + "'");
            }
            if (i + 1 >= end) {
                throw new CaptionFileException(file, i + 1, "cue " + number + " has no timing line");
            }
            cues.add(cue(file, lines, i + 1, end, CaptionFormat.SRT, cues));
            i = end;
        }
        return cues;
    }

    /** A cue from its timing line (at {@code timing}) and its text lines up to {@code end}. */
    private static Cue cue(String file, List<String> lines, int timing, int end, CaptionFormat format,
                           List<Cue> before) throws CaptionFileException {
        int lineNo = timing + 1;
        Matcher arrow = ARROW.matcher(lines.get(timing).strip());
        if (!arrow.matches()) {
            throw new CaptionFileException(file, lineNo, "expected a timing line 'start --> end', found '"
                    + shorten(lines.get(timing)) + "'");
        }
        if (format == CaptionFormat.SRT && arrow.group(3) != null && !arrow.group(3).matches("(?i)[XY]\\d:.*")) {
            throw new CaptionFileException(file, lineNo, "unexpected text after the end time: '"
                    + shorten(arrow.group(3)) + "'");
        }
        int start = time(file, lineNo, arrow.group(1), format);
        int stop = time(file, lineNo, arrow.group(2), format);
        if (stop <= start) {
            throw new CaptionFileException(file, lineNo, "the cue ends (" + arrow.group(2)
                    + ") before or when it starts (" + arrow.group(1) + ")");
        }
        if (!before.isEmpty() && start < before.get(before.size() - 1).startMs()) {
            throw new CaptionFileException(file, lineNo, "the cue starts (" + arrow.group(1)
                    + ") before the previous cue; cues must be in order of start time");
        }
        StringBuilder text = new StringBuilder();
        for (int i = timing + 1; i < end; i++) {
            if (lines.get(i).contains("-->")) {
                throw new CaptionFileException(file, i + 1, "a timing line inside a cue's text; is a blank line"
                        + " missing before it?");
            }
            text.append(' ').append(lines.get(i));
        }
        String plain = plain(text.toString());
        if (plain.isEmpty()) {
            throw new CaptionFileException(file, lineNo, "the cue has no text");
        }
        if (before.size() >= MAX_CUES) {
            throw new CaptionFileException(file, lineNo, "more than " + MAX_CUES + " cues");
        }
        return new Cue(start, stop, plain);
    }

    private static int time(String file, int line, String value, CaptionFormat format) throws CaptionFileException {
        Matcher m = (format == CaptionFormat.VTT ? VTT_TIME : SRT_TIME).matcher(value);
        if (!m.matches()) {
            throw new CaptionFileException(file, line, "bad timestamp '" + shorten(value) + "': expected "
                    + (format == CaptionFormat.VTT ? "mm:ss.ttt or hh:mm:ss.ttt" : "hh:mm:ss,ttt"));
        }
        long hours = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
        int minutes = Integer.parseInt(m.group(2));
        int seconds = Integer.parseInt(m.group(3));
        if (minutes > 59 || seconds > 59) {
            throw new CaptionFileException(file, line, "bad timestamp '" + value + "': minutes and seconds must be"
                    + " below 60");
        }
        long ms = ((hours * 60 + minutes) * 60 + seconds) * 1000 + Integer.parseInt(m.group(4));
        if (ms > Integer.MAX_VALUE) {
            throw new CaptionFileException(file, line, "bad timestamp '" + value + "': too far into the video");
        }
        return (int) ms;
    }

    /** The text a viewer reads: tags and override codes removed, entities decoded, white space collapsed. */
    static String plain(String text) {
        String s = ASS_OVERRIDE.matcher(TAG.matcher(text).replaceAll("")).replaceAll("");
        s = s.replace("&lt;", "<").replace("&gt;", ">").replace("&nbsp;", " ").replace("&lrm;", "")
                .replace("&rlm;", "").replace("&quot;", "\"").replace("&apos;", "'").replace("&#39;", "'")
                .replace("&amp;", "&");
        return SPACES.matcher(s).replaceAll(" ").strip();
    }

    private static int blockEnd(List<String> lines, int from) {
        int i = from;
        while (i < lines.size() && !lines.get(i).isBlank()) {
            i++;
        }
        return i;
    }

    private static boolean isBlock(String line, String keyword) {
        return line.equals(keyword) || line.startsWith(keyword + " ") || line.startsWith(keyword + "\t");
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }
}
