package org.talkarchive.transcripts;

/** A caption file that cannot be read: which file, which line (1-based; 0 for the file as a whole), and why. */
public final class CaptionFileException extends Exception {

    private final String file;
    private final int line;
    private final String reason;

    public CaptionFileException(String file, int line, String reason) {
        super(file + (line > 0 ? ", line " + line : "") + ": " + reason);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
