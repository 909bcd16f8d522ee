package org.talkarchive.cli;

import java.io.PrintWriter;
import java.util.Optional;
import org.talkarchive.config.BuildInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The command line: one runnable jar, one subcommand per job (a class each). Configuration comes from the
 * environment.
 */
@Command(name = "talk-archive", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A searchable archive of conference talk videos.",
        subcommands = {ServeCommand.class, DemoCommand.class, ImportCommand.class, IndexCommand.class,
                ReindexCommand.class, EmbedCommand.class, CheckCommand.class, GenerateCommand.class,
                LearnCommand.class, HelpCommand.class},
        footer = {"", "Examples:",
                "  java -jar talk-archive.jar demo",
                "  java -jar talk-archive.jar import /data/pyvideo",
                "  java -jar talk-archive.jar help import",
                "", "Configuration comes from the environment (DATABASE_URL, ELASTICSEARCH_URL, TALKS_DATA_DIR, PORT,",
                "TALKS_ADMIN_TOKEN, ...); see the README."})
public final class Main {

    /** {@code --version}: the POM's version, as the build wrote it (see {@link BuildInfo}). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"talk-archive " + BuildInfo.load().version()};
        }
    }

    public static void main(String[] args) {
        selectLogFormat(System.getenv("TALKS_LOG_FORMAT"));
        System.exit(commandLine().execute(args));
    }

    /** TALKS_LOG_FORMAT=json: JSON log lines (logback-json.xml); read by logback when the first logger is made. */
    static void selectLogFormat(String format) {
        if ("json".equalsIgnoreCase(format)) {
            System.setProperty("logback.configurationFile", "logback-json.xml");
        } else if (format != null && !format.isBlank() && !"plain".equalsIgnoreCase(format)) {
            System.err.println("TALKS_LOG_FORMAT=" + format + " is neither 'plain' nor 'json'; logging plain lines");
        }
    }

    /** The command line as {@link #main} runs it; tests run it too. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        withExitCodes(cli);
        cli.setParameterExceptionHandler(Main::usageError);
        cli.setExecutionExceptionHandler(Main::failure);
        return cli;
    }

    /**
     * A bad setting and an engine that cannot be reached are the operator's to fix: one line naming them, exit code
     * 78 and 70. Anything else is rethrown, and picocli prints it with its stack trace (exit code 70 as well).
     */
    private static int failure(Exception e, CommandLine command, ParseResult parsed) throws Exception {
        if (e instanceof Environment.BadSetting bad) {
            command.getErr().println(command.getCommandName() + " did not start: " + bad.getMessage());
            return ExitCodes.BAD_SETTING;
        }
        Optional<String> away = EngineAway.describe(e);
        if (away.isEmpty()) {
            throw e;
        }
        command.getErr().println(command.getCommandName() + " failed: " + away.get());
        return ExitCodes.FAILURE;
    }

    /** A usage error: what was wrong, what was probably meant, and the usage (picocli drops it for suggestions). */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        command.usage(err);
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static void withExitCodes(CommandLine cli) {
        cli.getCommandSpec().exitCodeOnInvalidInput(ExitCodes.USAGE).exitCodeOnExecutionException(ExitCodes.FAILURE);
        if (!(cli.getCommand() instanceof HelpCommand)) { // picocli's own help command lists no exit codes
            ExitCodes.describeIn(cli.getCommandSpec().usageMessage());
        }
        cli.getSubcommands().values().forEach(Main::withExitCodes);
    }
}
