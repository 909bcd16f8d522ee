package org.talkarchive.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;
import picocli.CommandLine;

/** Help and usage errors of every command, through the command line {@code main} runs (no engines start). */
@Isolated("Beside other unit test classes, one command's --help once came out empty; picocli and the commands reach"
        + " process-wide state (System.out, the console)")
class CommandLineHelpTest {

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exitCode = cli.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private static List<String> subcommands() {
        return List.copyOf(Main.commandLine().getSubcommands().keySet());
    }

    @Test
    void everyCommandIsCovered() {
        assertThat(subcommands()).containsExactlyInAnyOrder("serve", "demo", "import", "index", "reindex", "embed", "check",
                "generate", "learn", "help");
    }

    @ParameterizedTest
    @ValueSource(strings = {"serve", "demo", "import", "index", "reindex", "embed", "check", "generate", "learn"})
    void helpOptionPrintsUsageExamplesAndExitCodes(String command) {
        for (String flag : List.of("--help", "-h")) {
            Run run = run(command, flag);

            assertThat(run.exitCode()).as(command + " " + flag).isZero();
            assertThat(run.err()).isEmpty();
            assertThat(run.out()).startsWith("Usage: talk-archive " + command)
                    .contains("-h, --help", "Examples:", "java -jar talk-archive.jar " + command)
                    .contains("Exit codes:", "64   invalid usage", "70   failed",
                            "78   a setting in the environment is invalid");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"serve", "demo", "import", "index", "reindex", "embed", "check", "generate", "learn"})
    void helpCommandPrintsTheSameUsage(String command) {
        Run run = run("help", command);

        assertThat(run.exitCode()).isZero();
        Run help = run(command, "--help");
        assertThat(help.exitCode()).as(help.err()).isZero();
        assertThat(run.out()).isEqualTo(help.out());
    }

    @Test
    void commandsDocumentTheirOwnExitCodes() {
        assertThat(run("import", "--help").out()).contains("2    imported, but some records were rejected");
        assertThat(run("reindex", "--help").out()).contains("3    another reindex is running");
        assertThat(run("check", "--help").out()).contains("1    PostgreSQL and the index differ");
    }

    @Test
    void versionIsThePomsVersion() throws Exception {
        // read from the POM here, so the test fails if the jar's version were written anywhere but by the build
        String pomVersion = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(java.nio.file.Path.of("pom.xml").toFile()).getDocumentElement()
                .getElementsByTagName("version").item(0).getTextContent();
        Run run = run("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(pomVersion).isNotBlank();
        assertThat(run.out().strip()).isEqualTo("talk-archive " + pomVersion);
    }

    @Test
    void topLevelHelpListsTheCommands() {
        Run run = run("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: talk-archive", "serve", "import", "reindex", "check", "help",
                "Exit codes:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"serve", "demo", "import", "index", "reindex", "embed", "check", "generate", "learn"})
    void unknownOptionIsAUsageError(String command) {
        Run run = switch (command) {
            case "import" -> run(command, "--no-such-option", "corpus");
            case "generate" -> run(command, "--no-such-option", "--talks", "1", "--out", "x");
            case "learn" -> run(command, "--no-such-option", "corpus", "--out", "x");
            default -> run(command, "--no-such-option");
        };

        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("Unknown option: '--no-such-option'")
                .contains("Usage: talk-archive " + command);
    }

    @Test
    void missingArgumentIsAUsageError() {
        Run run = run("import");

        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.err()).contains("Missing required parameter: 'FOLDER'", "Usage: talk-archive import");
    }

    @Test
    void generateNeedsASizeAndAFolder() {
        Run run = run("generate", "--seed", "3");

        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.err()).contains("Missing required options", "--talks", "--out", "Usage: talk-archive generate");
    }

    @Test
    void badNumberIsAUsageError() {
        Run run = run("check", "--sample", "many");

        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.err()).contains("Invalid value for option '--sample': 'many' is not an int");
    }
}
