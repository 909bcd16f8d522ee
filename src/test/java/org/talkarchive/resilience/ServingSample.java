package org.talkarchive.resilience;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.talkarchive.importer.SampleCorpus;

/**
 * A serving archive of a fault test class's own ({@link FaultHarness}: its own engines and {@code serve}, the sample
 * loaded), started before the class's tests and stopped after them, in a folder of its own deleted then:
 * {@code @RegisterExtension static final ServingSample SERVING = new ServingSample();}
 */
final class ServingSample implements BeforeAllCallback, AfterAllCallback {

    private Path dir;
    private FaultHarness archive;

    FaultHarness archive() {
        return archive;
    }

    /** The class's folder: data directories of a test's own go beside the serving archive's. */
    Path dir() {
        return dir;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory(context.getRequiredTestClass().getSimpleName() + "-");
        archive = FaultHarness.start(dir.resolve("data"), SampleCorpus.extractTo(dir.resolve("sample")));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (archive != null) {
                archive.close();
            }
        } finally {
            FileUtils.deleteDirectory(dir.toFile());
        }
    }
}
