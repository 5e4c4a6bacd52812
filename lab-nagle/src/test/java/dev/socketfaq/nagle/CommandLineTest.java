package dev.socketfaq.nagle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketfaq.kit.Frames;
import dev.socketfaq.testkit.CliRun;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input gets one clear error and a bounded wait: the command line's table (one {@code error:} line, exit code
 * 2 for a usage error, 1 for a failure at run time, no stack trace), then bad peers for the client and the server.
 */
@Timeout(30)
class CommandLineTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            (none)                                              | 2 | missing command
            client --mode fixed --port 70000                    | 2 | port 70000 is out of range
            client --mode fixed --port -1                       | 2 | port -1 is out of range
            client --mode fixed --port 99999999999              | 2 | '99999999999' is not a port number
            client --mode fixed --port                          | 2 | Missing required parameter for option '--port'
            client                                              | 2 | Missing required option: '--mode
            client --mode fast                                  | 2 | 'fast' is not one of broken, fixed, nodelay
            client --mode fixed --colour                        | 2 | Unknown option: '--colour'
            server --bind example.org                           | 2 | 'example.org' is not an IP address
            demo --requests 0                                   | 2 | --requests 0 is out of range (1..100000)
            demo --warmup -3                                    | 2 | --warmup -3 is out of range (0..100000)
            client --mode fixed --requests many                 | 2 | 'many' is not an int
            bench --rounds 0                                    | 2 | --rounds 0 is out of range (1..1000)
            bench --broken-samples 10001                        | 2 | --broken-samples 10001 is out of range (1..10000)
            client --mode fixed --host no-such-host.invalid     | 1 | unknown host: no-such-host.invalid
            client --mode fixed --port {refused-port}           | 1 | cannot connect
            server --max-connections 0                          | 2 | --max-connections 0 is out of range (1..100000)
            server --view-seconds 0                             | 2 | --view-seconds 0 is out of range (1..3600)
            classroom --students 0                              | 2 | --students 0 is out of range (1..5000)
            classroom --interval-ms 10                          | 2 | --interval-ms 10 is out of range (50..60000)
            classroom --host no-such-host.invalid               | 1 | unknown host: no-such-host.invalid
            classroom --students 1 --host 127.0.0.1 --port {refused-port} | 1 | cannot connect
            """)
    void bad_input_gets_one_clear_line_and_its_exit_code(String commandLine, int exitCode, String message) {
        CliRun.line(new NagleLab(), commandLine).rejects(exitCode, message);
    }

    @Test
    void the_server_drops_a_client_announcing_an_oversized_frame_and_keeps_serving() throws Exception {
        try (var server = ReplyServer.start(new InetSocketAddress(LOOPBACK, 0), line -> {});
                var bad = new Socket(LOOPBACK, server.address().getPort())) {
            new DataOutputStream(bad.getOutputStream()).writeInt(Integer.MAX_VALUE);
            bad.setSoTimeout(15_000); // a bound against hanging, not a latency claim: generous for a loaded machine
            assertThat(bad.getInputStream().read())
                    .as("the bad client's connection is closed")
                    .isEqualTo(-1);

            try (RequestClient good = Mode.FIXED.create(server.address())) {
                assertThat(good.call(RoundTrips.REQUEST)).isEqualTo(RoundTrips.REQUEST);
            }
        }
    }

    @Test
    void a_client_rejects_a_reply_with_a_negative_length() throws Exception {
        try (var peer = new ServerSocket(0, 1, LOOPBACK);
                RequestClient client = Mode.FIXED.create(new InetSocketAddress(LOOPBACK, peer.getLocalPort()));
                Socket accepted = peer.accept()) {
            new DataOutputStream(accepted.getOutputStream()).writeInt(-5);
            assertThatThrownBy(() -> client.call(RoundTrips.REQUEST))
                    .isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("bad frame length -5");
        }
    }

    @Test
    void a_client_reports_a_server_that_closes_without_replying() throws Exception {
        try (var peer = new ServerSocket(0, 1, LOOPBACK);
                RequestClient client = Mode.FIXED.create(new InetSocketAddress(LOOPBACK, peer.getLocalPort()))) {
            peer.accept().close();
            assertThatThrownBy(() -> client.call(RoundTrips.REQUEST))
                    .isInstanceOf(EOFException.class)
                    .hasMessageContaining("without replying");
        }
    }

    @Test
    void a_client_gives_up_on_a_silent_server_after_its_read_timeout() throws Exception {
        try (var peer = new ServerSocket(0, 1, LOOPBACK);
                var connection = Connection.open(new InetSocketAddress(LOOPBACK, peer.getLocalPort()), false);
                Socket accepted = peer.accept()) {
            connection.channel().socket().setSoTimeout(300); // shorter than the course's bound, for a quick test
            connection.channel().write(Frames.frame(RoundTrips.REQUEST));
            long start = System.nanoTime();
            assertThatThrownBy(connection::readReply).isInstanceOf(SocketTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }
}
