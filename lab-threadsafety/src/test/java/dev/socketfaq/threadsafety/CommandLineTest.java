package dev.socketfaq.threadsafety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.testkit.CliRun;
import dev.socketfaq.threadsafety.stream.Messages;
import dev.socketfaq.threadsafety.stream.SharedStreamClient;
import dev.socketfaq.threadsafety.stream.TallyServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
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
            client --mode locked --threads 0                    | 2 | --threads 0 is out of range (1..64)
            demo --threads 65                                   | 2 | --threads 65 is out of range (1..64)
            demo --messages 0                                   | 2 | --messages 0 is out of range (1..1000000)
            server --bind example.org                           | 2 | 'example.org' is not an IP address
            client --mode locked --colour                       | 2 | Unknown option: '--colour'
            client --mode locked --host no-such-host.invalid    | 1 | unknown host: no-such-host.invalid
            client --mode locked --port {refused-port}          | 1 | cannot connect
            bench --rounds 0                                    | 2 | --rounds 0 is out of range (1..1000)
            bench --warmup -1                                   | 2 | --warmup -1 is out of range (0..1000)
            bench --threads 0                                   | 2 | --threads 0 is out of range (1..64)
            """)
    void bad_input_gets_one_clear_line_and_its_exit_code(String commandLine, int exitCode, String message) {
        CliRun.line(new ThreadSafetyLab(), commandLine).rejects(exitCode, message);
    }

    /**
     * A server that reads a little and then closes the connection (as the tally server does once the framing is
     * lost, or when it is stopped): the client says so in one line, at once, for every mode, rather than wait out its
     * senders' barrier or its single writer's queue.
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
                    .isLessThan(Duration.ofSeconds(SharedStreamClient.NO_PROGRESS_MS / 1000));
            server.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void garbage_on_the_stream_is_counted_as_corrupt_not_thrown() {
        var tally = Messages.read(new ByteArrayInputStream(new byte[] {(byte) 0xff, 1, 2, 3, 4, 5}));
        assertThat(tally.intact()).isZero();
        assertThat(tally.corrupt()).isEqualTo(1);
        assertThat(tally.firstCorruption()).contains("bad frame length");
    }

    @Test
    void a_silent_peer_is_reported_as_silent_not_as_corrupt() throws IOException {
        var frames = new ByteArrayOutputStream();
        for (int n = 0; n < 2; n++)
            frames.writeBytes(Messages.frame(Messages.parts(0, n)).array());
        var twoMessagesThenSilence =
                new SequenceInputStream(new ByteArrayInputStream(frames.toByteArray()), new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new SocketTimeoutException("Read timed out"); // the idle limit, as the reader sees it
                    }
                });
        var tally = Messages.read(twoMessagesThenSilence);
        assertThat(tally).isEqualTo(new Messages.Tally(2, 0, null, true));
        try (var unconnected = new Socket()) {
            assertThat(TallyServer.report(unconnected, tally))
                    .endsWith("intact 2, corrupt 0; then silent for 10 s (the idle limit): disconnected");
        }
    }
}
