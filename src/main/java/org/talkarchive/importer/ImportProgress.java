package org.talkarchive.importer;

/** Hears how far a long import has got. Calls may come from several threads. */
public interface ImportProgress {

    ImportProgress NONE = new ImportProgress() {
    };

    /** Before reading: how many talk files the corpus holds. */
    default void reading(int talkFiles) {
    }

    /** Talk files read so far. */
    default void filesRead(int talks) {
    }

    /** Before writing: how many talks will be compared with PostgreSQL (and written where they changed). */
    default void writing(int talks) {
    }

    /** Talks compared and written so far. */
    default void talksWritten(int talks) {
    }
}
