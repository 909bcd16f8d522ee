package org.talkarchive.ui;

/** Small display helpers shared by the templates. */
public final class Formats {

    private Formats() {
    }

    /** 3725 gives "1:02:05", 1500 gives "25:00". */
    public static String duration(Integer seconds) {
        if (seconds == null || seconds <= 0) {
            return "";
        }
        int h = seconds / 3600;
        int m = seconds % 3600 / 60;
        int s = seconds % 60;
        return h > 0 ? String.format("%d:%02d:%02d", h, m, s) : String.format("%d:%02d", m, s);
    }

    public static String count(long n) {
        return String.format("%,d", n);
    }
}
