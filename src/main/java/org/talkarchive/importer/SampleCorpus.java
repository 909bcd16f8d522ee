package org.talkarchive.importer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The 30-talk sample shipped in the jar (resources/sample-corpus), copied out to a folder for the importer. */
public final class SampleCorpus {

    private static final String ROOT = "/sample-corpus/";

    private SampleCorpus() {
    }

    public static Path extractTo(Path dir) {
        try (InputStream index = SampleCorpus.class.getResourceAsStream(ROOT + "index.txt")) {
            if (index == null) {
                throw new IllegalStateException("The sample corpus is missing from the application");
            }
            for (String file : new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (file.isBlank()) {
                    continue;
                }
                Path target = dir.resolve(file).normalize();
                if (!target.startsWith(dir)) {
                    throw new IllegalStateException("Bad sample file name " + file);
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = SampleCorpus.class.getResourceAsStream(ROOT + file)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
