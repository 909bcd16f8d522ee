package org.talkarchive.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Where the pages load their stylesheet, script and icon from: {@code /static/v-<hash>/…}, the hash being of the
 * assets' own bytes. Any change to them changes the address, so browsers may keep them for a year without asking
 * again ({@code Cache-Control: immutable}, set where they are served). Derived once from the jar's content.
 */
public final class Assets {

    /** The assets the pages load; every one of them goes into the hash. */
    static final List<String> FILES = List.of("app.css", "admin.css", "talk.css", "app.js", "talk.js", "favicon.svg");

    /** The path the versioned assets are served under, e.g. {@code /static/v-3f2a1c9b0d4e}. */
    public static final String PREFIX = "/static/v-" + hash();

    private Assets() {
    }

    /** The versioned address of one of {@link #FILES}. */
    public static String path(String file) {
        if (!FILES.contains(file)) {
            throw new IllegalArgumentException("not a page asset: " + file);
        }
        return PREFIX + "/" + file;
    }

    private static String hash() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String file : FILES) {
                try (InputStream in = Assets.class.getResourceAsStream("/static/" + file)) {
                    if (in == null) {
                        throw new IllegalStateException("missing asset /static/" + file);
                    }
                    digest.update(in.readAllBytes());
                }
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
