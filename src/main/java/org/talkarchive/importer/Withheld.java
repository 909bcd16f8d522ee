package org.talkarchive.importer;

import java.util.Set;
import org.talkarchive.importer.CorpusRecords.Talk;

/** The talks the corpus marks NO_PUBLISH, by source id: never imported, and removed if they were. */
record Withheld(Set<Integer> sourceIds) {

    boolean contains(Talk talk) {
        return talk.sourceId() != null && sourceIds.contains(talk.sourceId());
    }
}
