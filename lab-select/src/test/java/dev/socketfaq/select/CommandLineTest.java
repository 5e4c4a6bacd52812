package dev.socketfaq.select;

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
            client --port                                       | 2 | Missing required parameter for option '--port'
            client --bytes -5                                   | 2 | --bytes -5 is out of range (1..67108864)
            client --bytes 0                                    | 2 | --bytes 0 is out of range (1..67108864)
            server --mode kill-9                                | 2 | 'kill-9' is not one of close, interrupt, polling, wakeup, self-pipe
            server --method wakeup                              | 2 | Unknown options: '--method'
            server --bind example.org                           | 2 | 'example.org' is not an IP address
            client --colour                                     | 2 | Unknown option: '--colour'
            client --host no-such-host.invalid --read-after 0s  | 1 | unknown host: no-such-host.invalid
            client --port {refused-port} --read-after 0s        | 1 | cannot connect
            client --read-after abc                             | 2 | 'abc' is not a duration
            client --read-after 5                               | 2 | '5' is not a duration
            client --read-after 2h                              | 2 | '2h' is not a duration
            client --read-after 61m                             | 2 | 61m is out of range (0ms..3600000ms)
            demo --bytes -1                                     | 2 | --bytes -1 is out of range (1048576..67108864)
            demo --bytes 100000000                              | 2 | --bytes 100000000 is out of range (1048576..67108864)
            demo --bytes 0                                      | 2 | --bytes 0 is out of range (1048576..67108864)
            demo --clients 0                                    | 2 | --clients 0 is out of range (1..32)
            demo --clients 1000                                 | 2 | --clients 1000 is out of range (1..32)
            bench --clients 0                                   | 2 | --clients 0 is out of range (1..1000)
            bench --rounds 0                                    | 2 | --rounds 0 is out of range (1..100)
            bench --warmup -1                                   | 2 | --warmup -1 is out of range (0..10000)
            bench --poll 1                                      | 2 | '1' is not a duration
            bench --poll 1ms                                    | 2 | 1ms is out of range (10ms..10000ms)
            """)
    void bad_input_gets_one_clear_line_and_its_exit_code(String commandLine, int exitCode, String message) {
        CliRun.line(new SelectLab(), commandLine).rejects(exitCode, message);
    }
}
