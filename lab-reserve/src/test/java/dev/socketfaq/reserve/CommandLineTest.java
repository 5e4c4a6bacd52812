package dev.socketfaq.reserve;

import dev.socketfaq.testkit.CliRun;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The command line's bad-input table: each bad command line gets one clear {@code error:} line and its exit code,
 * 2 for a usage error (with a pointer to --help), 1 for a failure at run time. Nothing hangs, no stack trace.
 */
@Timeout(30)
class CommandLineTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            (none)                                              | 2 | missing command
            claim --port 70000 --owner x                        | 2 | port 70000 is out of range
            claim --port -1 --owner x                           | 2 | port -1 is out of range
            claim --owner x                                     | 2 | Missing required option: '--port
            claim --port 8080 --owner                           | 2 | Missing required parameter for option '--owner'
            who-holds --port abc                                | 2 | 'abc' is not a port number
            kernel --reserved 70000                             | 2 | port 70000 is out of range
            list --colour                                       | 2 | Unknown option: '--colour'
            """)
    void bad_input_gets_one_clear_line_and_its_exit_code(String commandLine, int exitCode, String message) {
        CliRun.line(new ReserveLab(), commandLine).rejects(exitCode, message);
    }
}
