package org.talkarchive.infra.elasticsearch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/** Finds a Java runtime new enough for the embedded Elasticsearch node (Elasticsearch 9 needs Java 21). */
public final class JavaRuntimes {

    static final int REQUIRED_FEATURE_VERSION = 21;

    private JavaRuntimes() {
    }

    /**
     * Looks, in order, at {@code ES_JAVA_HOME}, {@code JAVA_HOME}, the running JVM and the JDKs installed under
     * {@code /usr/lib/jvm} (newest first).
     */
    public static Path findJavaExecutable(String esJavaHome, String javaHome) {
        if (esJavaHome != null && !esJavaHome.isBlank()) {
            Path explicit = Path.of(esJavaHome);
            if (featureVersion(explicit).orElse(0) < REQUIRED_FEATURE_VERSION) {
                throw new IllegalStateException("ES_JAVA_HOME=" + esJavaHome + " is not a Java "
                        + REQUIRED_FEATURE_VERSION + "+ installation");
            }
            return explicit.resolve("bin/java");
        }
        return firstNewEnough(candidates(null, javaHome), "bin/java")
                .map(home -> home.resolve("bin/java"))
                .orElseThrow(() -> new IllegalStateException(
                        "The embedded Elasticsearch node needs Java " + REQUIRED_FEATURE_VERSION
                                + " or newer and none was found (looked at ES_JAVA_HOME, JAVA_HOME, the running JVM"
                                + " and /usr/lib/jvm). Install one and set ES_JAVA_HOME, or point ELASTICSEARCH_URL"
                                + " at a running Elasticsearch."));
    }

    private static List<Path> candidates(String esJavaHome, String javaHome) {
        List<Path> candidates = new ArrayList<>();
        for (String home : new String[] {esJavaHome, javaHome, System.getProperty("java.home")}) {
            if (home != null && !home.isBlank()) {
                candidates.add(Path.of(home));
            }
        }
        candidates.addAll(installedJdks(Path.of("/usr/lib/jvm")));
        return candidates;
    }

    /** The first of the homes that is Java 21+ and has the program ("bin/java"). */
    private static Optional<Path> firstNewEnough(List<Path> homes, String program) {
        return homes.stream()
                .filter(home -> featureVersion(home).orElse(0) >= REQUIRED_FEATURE_VERSION)
                .filter(home -> Files.isExecutable(home.resolve(program)))
                .findFirst();
    }

    private static List<Path> installedJdks(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> homes = Files.list(root)) {
            return homes.filter(home -> Files.isExecutable(home.resolve("bin/java")))
                    .sorted(Comparator.comparing((Path home) -> featureVersion(home).orElse(0)).reversed())
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Reads {@code JAVA_VERSION} from a JDK's {@code release} file, e.g. "21.0.2" gives 21. */
    static Optional<Integer> featureVersion(Path javaHome) {
        Path release = javaHome.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isExecutable(javaHome.resolve("bin/java"))) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(release)) {
            properties.load(reader);
        } catch (IOException e) {
            return Optional.empty();
        }
        String version = properties.getProperty("JAVA_VERSION", "").replace("\"", "");
        String feature = version.split("[.+-]", 2)[0];
        try {
            return Optional.of(Integer.parseInt(feature));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
