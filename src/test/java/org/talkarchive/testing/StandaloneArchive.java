package org.talkarchive.testing;

/**
 * A {@link TestArchive} on engines of its own, for test engines other than JUnit Jupiter (jqwik), which do not
 * run Jupiter extensions such as {@link RealEngines}. Closing it stops the engines.
 */
public final class StandaloneArchive implements AutoCloseable {

    private final SharedEngines engines;
    private final TestArchive archive;

    private StandaloneArchive(SharedEngines engines) {
        this.engines = engines;
        this.archive = engines.newArchive();
    }

    public static StandaloneArchive start() {
        return new StandaloneArchive(SharedEngines.start());
    }

    public TestArchive archive() {
        return archive;
    }

    @Override
    public void close() throws Exception {
        try {
            archive.close();
        } finally {
            engines.close();
        }
    }
}
