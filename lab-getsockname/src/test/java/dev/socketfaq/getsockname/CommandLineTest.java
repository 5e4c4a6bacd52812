package dev.socketfaq.getsockname;

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
            client --port 70000                                 | 2 | port 70000 is out of range
            client --port -1                                    | 2 | port -1 is out of range
            client --port 0                                     | 2 | --port 0 is not a server's port
            client --port                                       | 2 | Missing required parameter for option '--port'
            server --advertise teleport                         | 2 | unknown strategy 'teleport'
            server --bind example.org                           | 2 | 'example.org' is not an IP address
            client --colour                                     | 2 | Unknown option: '--colour'
            client --host no-such-host.invalid                  | 1 | unknown host: no-such-host.invalid
            client --port {refused-port}                        | 1 | cannot connect
            """)
    void bad_input_gets_one_clear_line_and_its_exit_code(String commandLine, int exitCode, String message) {
        CliRun.line(new GetsocknameLab(), commandLine).rejects(exitCode, message);
    }
}
