package org.talkarchive.infra;

import java.nio.file.Path;
import java.util.Optional;

/** A serve was started on a data directory whose embedded engines another process of the archive runs. */
public final class DataDirectoryInUseException extends IllegalStateException {

    public DataDirectoryInUseException(Path dataDir, Optional<Long> ownerPid) {
        super("The embedded engines in " + dataDir.toAbsolutePath() + " are run by another process of the archive"
                + ownerPid.map(pid -> " (pid " + pid + ")").orElse("") + ". A second serve would stop answering"
                + " when that one stops, so this one does not start. Stop the other process first (or let it"
                + " finish), or set TALKS_DATA_DIR to another folder. Commands (import, index, reindex, check) may"
                + " run beside it.");
    }
}
