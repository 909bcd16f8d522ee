package org.talkarchive.text;

/** User text inside a SQL LIKE pattern. */
public final class LikePatterns {

    private LikePatterns() {
    }

    /** The text with its own %, _ and backslash escaped by a backslash (LIKE's default escape), so each matches itself. */
    public static String escape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
