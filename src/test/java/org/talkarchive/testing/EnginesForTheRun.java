package org.talkarchive.testing;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the test run's shared engines when its launcher session closes: after every test engine of the run, Jupiter
 * and then jqwik, has run its tests, so both use one PostgreSQL and one Elasticsearch. Registered in
 * {@code META-INF/services}; a run that started no engines stops none.
 */
public final class EnginesForTheRun implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        try {
            SharedEngines.stopForThisRun();
        } catch (Exception e) {
            throw new IllegalStateException("the test run's engines did not stop cleanly", e);
        }
    }
}
