package org.talkarchive.cli;

import org.talkarchive.config.ArchiveConfig;
import picocli.CommandLine.Option;

/** The options of the commands that serve over HTTP. */
final class HttpOptions {
    @Option(names = "--port", description = "HTTP port (default: PORT or 7070)")
    Integer port;

    ArchiveConfig config() {
        return port == null ? Environment.config() : Environment.config().withHttpPort(port);
    }
}
