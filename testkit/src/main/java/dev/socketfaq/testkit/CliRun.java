package dev.socketfaq.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.kit.Cli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;

/**
 * Runs a lab's command line in the test's JVM, as a student would type it, and captures what it printed: the
 * same conventions for every lab (one {@code error:} line, exit code 2 for usage errors and 1 for failures).
 */
public record CliRun(int exitCode, String out, String err) {
    /** In {@link #line}, stands for a loopback port where nothing listens: a connection there is refused. */
    public static final String REFUSED_PORT = "{refused-port}";

    /** Runs {@code command} (a fresh picocli command object) with {@code args}. */
    public static CliRun run(Object command, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cli = Cli.commandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new CliRun(cli.execute(args), out.toString(), err.toString());
    }

    /**
     * Runs a command line written as one string, as in a bad-input table: words split on spaces, {@code (none)}
     * for no arguments, {@link #REFUSED_PORT} for a port that refuses connections (held bound, not listening, for
     * the length of the run, so no other program can take it meanwhile).
     */
    public static CliRun line(Object command, String argsLine) {
        String[] args = argsLine.isBlank() || argsLine.equals("(none)")
                ? new String[0]
                : argsLine.trim().split("\\s+");
        try (var refused = new Socket()) {
            refused.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            String port = String.valueOf(refused.getLocalPort());
            return run(
                    command,
                    Arrays.stream(args).map(a -> a.replace(REFUSED_PORT, port)).toArray(String[]::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The course's rule for bad input: exit code {@code exitCode}, nothing on standard output, and an error that
     * starts with one {@code error:} line containing {@code message}; a usage error adds only the line pointing to
     * {@code --help}. No stack trace.
     */
    public CliRun rejects(int exitCode, String message) {
        assertThat(exitCode()).as("exit code; stderr:%n%s", err).isEqualTo(exitCode);
        assertThat(errorLine()).startsWith("error: ").contains(message);
        assertThat(err.lines().count()).as("lines of stderr:%n%s", err).isEqualTo(exitCode == Cli.USAGE ? 2 : 1);
        assertThat(err).doesNotContain("\tat ", "Exception in thread");
        return this;
    }

    /** The error output's first line, which is the whole message for a runtime failure. */
    public String errorLine() {
        return err.lines().findFirst().orElse("");
    }
}
