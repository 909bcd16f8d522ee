package org.talkarchive.transcripts;

/**
 * One caption cue: when it is shown, in milliseconds from the start of the video, and what was said, as plain
 * text (the file's markup removed, entities decoded).
 */
public record Cue(int startMs, int endMs, String text) {

    public Cue {
        if (startMs < 0 || endMs <= startMs) {
            throw new IllegalArgumentException("a cue must end after it starts: " + startMs + " -> " + endMs);
        }
    }

    /** Where a deep link starts the player: the whole second the cue starts in. */
    public int startSecond() {
        return startMs / 1000;
    }

    /** The start as a viewer reads it: 1:05 or 1:02:03. */
    public String startLabel() {
        return label(startSecond());
    }

    public static String label(int seconds) {
        int h = seconds / 3600;
        int m = seconds / 60 % 60;
        int s = seconds % 60;
        return h > 0 ? String.format("%d:%02d:%02d", h, m, s) : String.format("%d:%02d", m, s);
    }
}
