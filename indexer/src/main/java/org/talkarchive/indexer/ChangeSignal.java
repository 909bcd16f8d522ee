package org.talkarchive.indexer;

import java.time.Duration;

/** What the publisher waits on when it has nothing to publish: a sign that changes were committed, or a timeout. */
@FunctionalInterface
public interface ChangeSignal {

    /** Plain polling: waits the whole timeout and never hears of a change early. */
    ChangeSignal POLLING = timeout -> {
        Pause.sleep(timeout);
        return false;
    };

    /**
     * Waits until changes may have been committed or the timeout passed; returns early on an interrupt.
     *
     * @return true when told of a change, false on a timeout (either way the caller looks for changes)
     */
    boolean await(Duration timeout);
}
