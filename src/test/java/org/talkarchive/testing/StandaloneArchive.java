package org.talkarchive.testing;

/**
 * A {@link TestArchive} on the engines of the test run, for test engines other than JUnit Jupiter (jqwik), which do
 * not run Jupiter extensions such as {@link RealEngines}. Closing it drops its database and index; the engines stop
 * with the run ({@link EnginesForTheRun}).
 */
public final class StandaloneArchive implements AutoCloseable {

    private final TestArchive archive;

    private StandaloneArchive(TestArchive archive) {
        this.archive = archive;
    }

    public static StandaloneArchive start() {
        return new StandaloneArchive(SharedEngines.forThisRun().newArchive());
    }

    public TestArchive archive() {
        return archive;
    }

    @Override
    public void close() throws Exception {
        archive.close();
    }
}
