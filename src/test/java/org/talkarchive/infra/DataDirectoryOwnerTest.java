package org.talkarchive.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.talkarchive.infra.DataDirectoryOwner.RunningEngines;

class DataDirectoryOwnerTest {

    @TempDir
    Path dir;

    @Test
    void oneOwnerAtATimeAndOthersFindItsEngines() {
        Optional<DataDirectoryOwner> first = DataDirectoryOwner.tryTake(dir);
        assertThat(first).isPresent();
        assertThat(DataDirectoryOwner.tryTake(dir)).as("taken already").isEmpty();

        RunningEngines engines = new RunningEngines(42, "jdbc:postgresql://127.0.0.1:5999/postgres", "postgres",
                "http://127.0.0.1:9299");
        first.get().publish(engines);
        assertThat(DataDirectoryOwner.awaitOwnersEngines(dir, Duration.ofSeconds(1))).isEqualTo(engines);

        first.get().close();
        assertThat(dir.resolve(DataDirectoryOwner.ENGINES_FILE)).doesNotExist();
        Optional<DataDirectoryOwner> next = DataDirectoryOwner.tryTake(dir);
        assertThat(next).as("free again once the owner is gone").isPresent();
        next.get().close();
    }

    @Test
    void waitingForEnginesThatAreNeverPublishedEndsWithAClearMessage() {
        DataDirectoryOwner owner = DataDirectoryOwner.tryTake(dir).orElseThrow();
        try {
            assertThatThrownBy(() -> DataDirectoryOwner.awaitOwnersEngines(dir, Duration.ofMillis(300)))
                    .hasMessageContaining("has not published its engines").hasMessageContaining("TALKS_DATA_DIR");
        } finally {
            owner.close();
        }
    }
}
