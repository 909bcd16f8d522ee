package org.talkarchive.cli;

import org.talkarchive.config.ArchiveConfig;
import org.talkarchive.config.SiteConfig;

/** The commands' configuration, read from the process's environment. */
final class Environment {

    private Environment() {
    }

    static ArchiveConfig config() {
        return ArchiveConfig.fromEnvironment(System.getenv());
    }

    static SiteConfig site(ArchiveConfig config) {
        return SiteConfig.fromEnvironment(System.getenv(), config.httpPort());
    }
}
