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

    /**
     * The first letters of a title's first two words, for a thumbnail's placeholder: "Securing Django Applications"
     * gives "SD", "Ünïcode" gives "Ü", a title without letters or digits gives "".
     */
    public static String initials(String title) {
        StringBuilder out = new StringBuilder();
        int letters = 0;
        if (title != null) {
            for (String word : title.split("[^\\p{L}\\p{N}]+")) {
                if (!word.isEmpty() && letters++ < 2) {
                    out.appendCodePoint(Character.toUpperCase(word.codePointAt(0)));
                }
            }
        }
        return out.toString();
    }
}
