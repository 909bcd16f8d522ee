package org.talkarchive.cli;

import java.util.function.Supplier;
import org.talkarchive.config.ArchiveConfig;
import org.talkarchive.config.SiteConfig;

/** The commands' configuration, read from the process's environment. */
final class Environment {

    /** A setting in the environment that cannot be used; its message names the variable and what it must be. */
    static final class BadSetting extends RuntimeException {
        BadSetting(IllegalArgumentException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private Environment() {
    }

    static ArchiveConfig config() {
        return read(() -> ArchiveConfig.fromEnvironment(System.getenv()));
    }

    static SiteConfig site(ArchiveConfig config) {
        return read(() -> SiteConfig.fromEnvironment(System.getenv(), config.httpPort()));
    }

    /** The configuration's own checks throw IllegalArgumentException naming the variable: all of them are settings. */
    private static <T> T read(Supplier<T> settings) {
        try {
            return settings.get();
        } catch (IllegalArgumentException e) {
            throw new BadSetting(e);
        }
    }
}
