package org.talkarchive.curation;

/**
 * Checks of text typed by admins and viewers, before it reaches PostgreSQL: a NUL byte would fail there as a
 * server error, and other control characters have no business in a title or a note.
 */
final class Inputs {

    private Inputs() {
    }

    /** Stripped text, at most {@code max} characters; empty is allowed (the caller decides what empty means). */
    static String text(String field, String value, int max, boolean multiline) {
        String stripped = value == null ? "" : value.strip();
        if (stripped.length() > max) {
            throw new CurationInputException(field, "must be at most " + max + " characters (was "
                    + stripped.length() + ")");
        }
        for (int i = 0; i < stripped.length(); i++) {
            char c = stripped.charAt(i);
            boolean lineBreak = c == '\n' || c == '\r' || c == '\t';
            if (Character.isISOControl(c) && !(multiline && lineBreak)) {
                throw new CurationInputException(field, "must not contain control characters");
            }
        }
        return stripped;
    }

    /** {@link #text} that must not be empty. */
    static String required(String field, String value, int max) {
        String text = text(field, value, max, false);
        if (text.isEmpty()) {
            throw new CurationInputException(field, "must not be empty");
        }
        return text;
    }
}
