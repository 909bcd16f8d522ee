package org.talkarchive.infra.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedNodeLayoutTest {

    @TempDir
    Path dir;

    @Test
    void transportJarsGoToTheModuleWithADescriptorWithoutModuleName() throws IOException {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.writeString(lib.resolve("elasticsearch-9.5.3.jar"), "");
        Files.writeString(lib.resolve("lucene-core-10.5.1.jar"), "");
        Files.writeString(lib.resolve("netty-buffer-4.1.135.Final.jar"), "");
        Files.writeString(lib.resolve("elasticsearch-ssl-config-9.5.3.jar"), "");
        try (OutputStream out = Files.newOutputStream(lib.resolve("transport-netty4-9.5.3.jar"));
             ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("META-INF/es-plugins/transport-netty4/plugin-descriptor.properties"));
            zip.write("name=transport-netty4\nmodulename=org.elasticsearch.transport.netty4\nclassname=X\n"
                    .getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }

        List<Path> serverJars = EmbeddedElasticsearch.prepareModules(lib, dir.resolve("modules"));

        assertThat(serverJars).extracting(p -> p.getFileName().toString())
                .containsExactly("elasticsearch-9.5.3.jar", "lucene-core-10.5.1.jar");
        Path module = dir.resolve("modules/transport-netty4");
        assertThat(module.resolve("netty-buffer-4.1.135.Final.jar")).exists();
        assertThat(module.resolve("elasticsearch-ssl-config-9.5.3.jar")).exists();
        assertThat(Files.readString(module.resolve("plugin-descriptor.properties")))
                .contains("name=transport-netty4").doesNotContain("modulename");
    }

    @Test
    void missingTransportModuleIsAClearError() throws IOException {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.writeString(lib.resolve("elasticsearch-9.5.3.jar"), "");
        assertThatThrownBy(() -> EmbeddedElasticsearch.prepareModules(lib, dir.resolve("modules")))
                .hasMessageContaining("transport-netty4");
    }

    @Test
    void moreJvmOptionsComeAfterTheArchivesOwnSoTheyCanOverrideThem() {
        assertThat(new NodeJvm(Path.of("java"), "256m", List.of("-XX:TieredStopAtLevel=1", "-Xss1m"))
                .command()).startsWith("java", "-Xms256m", "-Xmx256m", "-XX:+UseSerialGC")
                .endsWith("-XX:TieredStopAtLevel=1", "-Xss1m");
    }

    @Test
    void missingDistributionSaysHowToGetOne() {
        assertThatThrownBy(() -> EmbeddedElasticsearch.start(dir, dir.resolve("nowhere"),
                new NodeJvm(Path.of("java"), "256m")))
                .hasMessageContaining("./mvnw package").hasMessageContaining("ELASTICSEARCH_URL");
    }

    @Test
    void javaVersionIsReadFromTheReleaseFile() throws IOException {
        Path home = dir.resolve("jdk");
        Files.createDirectories(home.resolve("bin"));
        Path java = Files.writeString(home.resolve("bin/java"), "");
        java.toFile().setExecutable(true);
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"21.0.4\"\n");
        assertThat(JavaRuntimes.featureVersion(home)).contains(21);
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"17.0.15\"\n");
        assertThat(JavaRuntimes.featureVersion(home)).contains(17);
        assertThatThrownBy(() -> JavaRuntimes.findJavaExecutable(home.toString(), null))
                .hasMessageContaining("ES_JAVA_HOME");
    }

    @Test
    void builtModulesReplaceWhatAnEarlierStartLeft() throws IOException {
        Path built = Files.createDirectories(dir.resolve("node/modules/" + EmbeddedElasticsearch.ANALYSIS_MODULE));
        Files.writeString(built.resolve("plugin-descriptor.properties"), "name=talk-archive-analysis\n");
        Files.writeString(built.resolve("analysis-2.jar"), "new");
        Path modules = dir.resolve("home/modules");
        Path old = Files.createDirectories(modules.resolve(EmbeddedElasticsearch.ANALYSIS_MODULE));
        Files.writeString(old.resolve("analysis-1.jar"), "old");

        EmbeddedElasticsearch.copyBuiltModules(dir.resolve("node/modules"), modules);

        assertThat(old.resolve("analysis-1.jar")).doesNotExist();
        assertThat(old.resolve("analysis-2.jar")).hasContent("new");
        assertThat(old.resolve("plugin-descriptor.properties")).exists();
    }

    @Test
    void missingAnalysisModuleSaysHowToGetIt() {
        assertThatThrownBy(() -> EmbeddedElasticsearch.copyBuiltModules(dir.resolve("nowhere"), dir.resolve("m")))
                .hasMessageContaining(EmbeddedElasticsearch.ANALYSIS_MODULE).hasMessageContaining("./mvnw package");
    }
}
