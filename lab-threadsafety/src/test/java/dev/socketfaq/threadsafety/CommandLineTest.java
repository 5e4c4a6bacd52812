package dev.socketfaq.threadsafety;

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
            client --mode locked --port 65536                   | 2 | port 65536 is out of range
            client --mode locked --port -1                      | 2 | port -1 is out of range
            client --mode locked --port                         | 2 | Missing required parameter for option '--port'
            client                                              | 2 | Missing required option: '--mode
            client --mode yolo                                  | 2 | yolo
            client --mode locked --threads 0                    | 2 | --threads must be 1..64
            demo --threads 65                                   | 2 | --threads must be 1..64
            demo --messages 0                                   | 2 | --messages must be 1..1000000
            server --bind example.org                           | 2 | 'example.org' is not an IP address
            client --mode locked --colour                       | 2 | Unknown option: '--colour'
            client --mode locked --host no-such-host.invalid    | 1 | unknown host: no-such-host.invalid
            client --mode locked --port {refused-port}          | 1 | cannot connect
            """)
    void bad_input_gets_one_clear_line_and_its_exit_code(String commandLine, int exitCode, String message) {
        CliRun.line(new ThreadSafetyLab(), commandLine).rejects(exitCode, message);
    }
}
