package org.talkarchive.talks;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code t} parameter of a talk page, a shareable start time: seconds ({@code 90}) or hours, minutes and
 * seconds as YouTube writes them ({@code 1h2m3s}, {@code 2m}, {@code 45s}).
 */
public final class StartTime {

    private static final Pattern SECONDS = Pattern.compile("\\d{1,6}");
    private static final Pattern UNITS = Pattern.compile("(?:(\\d{1,3})h)?(?:(\\d{1,4})m)?(?:(\\d{1,6})s)?");
    private static final int MAX = 24 * 3600; // no talk is longer than a day; a larger value is a mistake

    private StartTime() {
    }

    /**
     * @return the second to start at; 0 for none (null or blank)
     * @throws IllegalArgumentException naming what is accepted
     */
    public static int parse(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        String t = value.strip().toLowerCase(java.util.Locale.ROOT);
        int seconds;
        if (SECONDS.matcher(t).matches()) {
            seconds = Integer.parseInt(t);
        } else {
            Matcher m = UNITS.matcher(t);
            if (!m.matches() || t.isEmpty()) {
                throw new IllegalArgumentException("must be seconds (90) or hours, minutes and seconds (1h2m3s), was '"
                        + value + "'");
            }
            seconds = part(m, 1) * 3600 + part(m, 2) * 60 + part(m, 3);
        }
        if (seconds > MAX) {
            throw new IllegalArgumentException("must be at most 24 hours, was '" + value + "'");
        }
        return seconds;
    }

    /** The talk page at {@code path} with its player starting at that second (the page itself for 0). */
    public static String link(String path, int seconds) {
        return seconds <= 0 ? path : path + "?t=" + Math.min(seconds, MAX);
    }

    private static int part(Matcher m, int group) {
        return m.group(group) == null ? 0 : Integer.parseInt(m.group(group));
    }
}
