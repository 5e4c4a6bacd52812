package dev.socketfaq.testkit;

import dev.socketfaq.kit.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Runs a lab's command line in the test's JVM, as a student would type it, and captures what it printed: the
 * same conventions for every lab (one {@code error:} line, exit code 2 for usage errors and 1 for failures).
 */
public record CliRun(int exitCode, String out, String err) {

    /** Runs {@code command} (a fresh picocli command object) with {@code args}. */
    public static CliRun run(Object command, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cli = Cli.commandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new CliRun(cli.execute(args), out.toString(), err.toString());
    }

    /** The error output's first line, which is the whole message for a runtime failure. */
    public String errorLine() {
        return err.lines().findFirst().orElse("");
    }
}
