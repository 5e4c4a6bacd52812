package dev.socketfaq.nagle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketfaq.kit.Frames;
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

/** Bad input gets a clear error and a bounded wait; the server survives bad clients. */
@Timeout(30)
class BadInputTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void the_server_drops_a_client_announcing_an_oversized_frame_and_keeps_serving() throws Exception {
        try (var server = ReplyServer.start(new InetSocketAddress(LOOPBACK, 0), line -> {});
                var bad = new Socket(LOOPBACK, server.address().getPort())) {
            new DataOutputStream(bad.getOutputStream()).writeInt(Integer.MAX_VALUE);
            bad.setSoTimeout(15_000); // a bound against hanging, not a latency claim: generous for a loaded machine
            assertThat(bad.getInputStream().read())
                    .as("the bad client's connection is closed")
                    .isEqualTo(-1);

            try (RequestClient good = Mode.FIXED.connect(server.address())) {
                assertThat(good.call(RoundTrips.REQUEST)).isEqualTo(RoundTrips.REQUEST);
            }
        }
    }

    @Test
    void a_client_rejects_a_reply_with_a_negative_length() throws Exception {
        try (var peer = new ServerSocket(0, 1, LOOPBACK);
                RequestClient client = Mode.FIXED.connect(new InetSocketAddress(LOOPBACK, peer.getLocalPort()));
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
                RequestClient client = Mode.FIXED.connect(new InetSocketAddress(LOOPBACK, peer.getLocalPort()))) {
            peer.accept().close();
            assertThatThrownBy(() -> client.call(RoundTrips.REQUEST))
                    .isInstanceOf(EOFException.class)
                    .hasMessageContaining("without replying");
        }
    }

    @Test
    void a_client_gives_up_on_a_silent_server_after_its_read_timeout() throws Exception {
        try (var peer = new ServerSocket(0, 1, LOOPBACK);
                var connection = Connection.open(new InetSocketAddress(LOOPBACK, peer.getLocalPort()), false, 300);
                Socket accepted = peer.accept()) {
            connection.channel().write(Frames.frame(RoundTrips.REQUEST));
            long start = System.nanoTime();
            assertThatThrownBy(connection::readReply).isInstanceOf(SocketTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }
}
