package org.talkarchive.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.io.FileUtils;
import org.talkarchive.importer.SampleCorpus;

/**
 * Test corpora: the edge cases of src/test/resources and the application's sample. A test that imports one as it is
 * reads the one shared folder ({@link #corpus()}, {@link #sampleCorpus()}); a test that changes files of a corpus
 * works on a copy of its own ({@link #corpusCopy(Path)}).
 */
public final class Fixtures {

    private Fixtures() {
    }

    /** The test corpus of edge cases (src/test/resources/fixture-corpus), where it is: never write into it. */
    public static Path corpus() {
        return resource("fixture-corpus");
    }

    /** The test corpus of edge cases, copied into {@code target}, for a test that changes it. */
    public static Path corpusCopy(Path target) {
        return copy("fixture-corpus", target);
    }

    /** The application's 30-talk sample, extracted once for the test run: never write into it. */
    public static Path sampleCorpus() {
        return ExtractedSample.DIR;
    }

    /** The events of one corpus folder of the test resources, copied into {@code target} beside any already there. */
    public static Path copy(String resourceFolder, Path target) {
        try {
            FileUtils.copyDirectory(resource(resourceFolder).toFile(), target.toFile());
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path resource(String folder) {
        try {
            return Path.of(Fixtures.class.getResource("/" + folder).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Extracted on first use (the holder idiom: once, whichever thread asks first), removed when the JVM exits. */
    private static final class ExtractedSample {

        static final Path DIR = extract();

        private static Path extract() {
            try {
                Path dir = SampleCorpus.extractTo(Files.createTempDirectory("sample-corpus"));
                FileUtils.forceDeleteOnExit(dir.toFile());
                return dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
