package org.talkarchive.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What the build says of itself: the project's version from the POM, written into {@code build.properties} by
 * resource filtering, so {@code --version} and {@code /health} cannot drift from the artifact that was built.
 */
public record BuildInfo(String version) {

    private static final String RESOURCE = "build.properties";

    /** Read from the classpath, as the build wrote it. */
    public static BuildInfo load() {
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing: the classes were not built by Maven");
            }
            Properties properties = new Properties();
            properties.load(in);
            return new BuildInfo(properties.getProperty("version"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
