package org.talkarchive.importer;

/** Hears how far a long import has got. Calls may come from several threads. */
public interface ImportProgress {

    ImportProgress NONE = new ImportProgress() {
    };

    default void filesRead(int talks) {
    }

    default void eventsWritten(int done, int total) {
    }
}
