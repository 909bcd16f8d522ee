package org.talkarchive.indexer;

import java.time.Duration;

/** Waiting in the publishing loops; an interrupt ends the wait and stays set, so the loop can see it and stop. */
final class Pause {

    private Pause() {
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
