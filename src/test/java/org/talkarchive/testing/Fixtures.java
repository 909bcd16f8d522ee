package org.talkarchive.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Test corpora (folders of src/test/resources), copied where a test may change them. */
public final class Fixtures {

    private Fixtures() {
    }

    /** The test corpus of edge cases (src/test/resources/fixture-corpus). */
    public static Path corpusCopy(Path target) {
        return copy("fixture-corpus", target);
    }

    /** The events of one corpus folder of the test resources, copied into {@code target} beside any already there. */
    public static Path copy(String resourceFolder, Path target) {
        try {
            Path source = Path.of(Fixtures.class.getResource("/" + resourceFolder).toURI());
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : files.toList()) {
                    Path to = target.resolve(source.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(file, to, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
