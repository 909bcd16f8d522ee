package org.talkarchive.indexer;

/**
 * A {@link ChangeSignal} that listens on a connection of its own (PostgreSQL's notifications of committed
 * changes): used by one publisher thread, and closed by it.
 */
public interface ChangeListener extends ChangeSignal, AutoCloseable {

    /** Stops listening; never fails (a listener that cannot close cleanly has nothing left to give). */
    @Override
    void close();

    /** A listener that waits on {@code signal} and, once closed, runs {@code close}. */
    static ChangeListener of(ChangeSignal signal, Runnable close) {
        return new ChangeListener() {
            @Override
            public boolean await(java.time.Duration timeout) {
                return signal.await(timeout);
            }

            @Override
            public void close() {
                close.run();
            }
        };
    }
}
