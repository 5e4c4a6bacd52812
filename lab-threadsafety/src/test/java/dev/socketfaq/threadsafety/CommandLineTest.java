package dev.socketfaq.threadsafety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.testkit.CliRun;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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
            bench --rounds 0                                    | 2 | --rounds must be 1..1000
            bench --warmup -1                                   | 2 | --warmup must be 0..1000
            bench --threads 0                                   | 2 | --threads must be 1..64
            """)
    void bad_input_gets_one_clear_line_and_its_exit_code(String commandLine, int exitCode, String message) {
        CliRun.line(new ThreadSafetyLab(), commandLine).rejects(exitCode, message);
    }

    /**
     * A server that reads a little and then closes the connection (as the tally server does once the framing is
     * lost, or when it is stopped): the client says so in one line, at once, for every mode. It used to wait out its
     * senders' 10 s barrier and print a TimeoutException (unsynchronized), or hang for good (single-writer).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unsynchronized | the server closed the connection after
            locked         | the connection failed after
            single-writer  | the connection failed after
            """)
    void a_server_that_closes_the_connection_gets_one_clear_line(String mode, String message) throws Exception {
        try (var listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                var pool = Executors.newSingleThreadExecutor()) {
            var server = pool.submit(() -> {
                try (Socket s = listener.accept()) {
                    s.getInputStream().readNBytes(1000); // then closes with data unread: the client's writes fail
                }
                return null;
            });
            long start = System.nanoTime();
            CliRun.run(
                            new ThreadSafetyLab(),
                            "client",
                            "--mode",
                            mode,
                            "--port",
                            String.valueOf(listener.getLocalPort()),
                            "--messages",
                            "1000000")
                    .rejects(1, message);
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("the client gave up at once, not after the barrier's 10 s")
                    .isLessThan(Duration.ofSeconds(ThreadSafetyLab.NO_PROGRESS_MS / 1000));
            server.get(5, TimeUnit.SECONDS);
        }
    }
}
