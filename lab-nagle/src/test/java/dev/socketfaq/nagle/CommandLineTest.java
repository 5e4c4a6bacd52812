package dev.socketfaq.nagle;

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
            client --mode fixed --port 70000                    | 2 | port 70000 is out of range
            client --mode fixed --port -1                       | 2 | port -1 is out of range
            client --mode fixed --port 99999999999              | 2 | '99999999999' is not a port number
            client --mode fixed --port                          | 2 | Missing required parameter for option '--port'
            client                                              | 2 | Missing required option: '--mode
            client --mode fast                                  | 2 | fast
            client --mode fixed --colour                        | 2 | Unknown option: '--colour'
            server --bind example.org                           | 2 | 'example.org' is not an IP address
            demo --requests 0                                   | 2 | 0 is out of range (1..10000000)
            demo --warmup -3                                    | 2 | -3 is out of range (0..10000000)
            client --mode fixed --requests many                 | 2 | 'many' is not a whole number
            bench --rounds 0                                    | 2 | 0 is out of range (1..10000000)
            client --mode fixed --host no-such-host.invalid     | 1 | unknown host: no-such-host.invalid
            client --mode fixed --port {refused-port}           | 1 | cannot connect
            """)
    void bad_input_gets_one_clear_line_and_its_exit_code(String commandLine, int exitCode, String message) {
        CliRun.line(new NagleLab(), commandLine).rejects(exitCode, message);
    }
}
