package org.talkarchive.transcripts;

import java.util.Locale;
import java.util.Optional;

/** The caption formats the archive reads, by file extension (the pyvideo layout) or name (uploads). */
public enum CaptionFormat {
    VTT("vtt"), SRT("srt");

    private final String extension;

    CaptionFormat(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }

    public static Optional<CaptionFormat> byExtension(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (CaptionFormat format : values()) {
            if (lower.equals(format.extension) || lower.endsWith("." + format.extension)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
