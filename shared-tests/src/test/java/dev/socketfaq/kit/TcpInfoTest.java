package dev.socketfaq.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** TCP_INFO read for one Java socket: its own counts, the other end's too, and a clear refusal elsewhere. */
@Timeout(30)
class TcpInfoTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void counts_belong_to_the_socket_they_are_read_from() throws IOException {
        assumeTrue(TcpInfo.unavailable().isEmpty(), () -> TcpInfo.unavailable().orElseThrow());
        try (var listener = new ServerSocket(0, 1, LOOPBACK);
                var client = SocketChannel.open(new InetSocketAddress(LOOPBACK, listener.getLocalPort()));
                Socket server = listener.accept()) {
            TcpInfo before = TcpInfo.of(client);
            for (int i = 0; i < 5; i++) {
                client.write(ByteBuffer.wrap(new byte[] {1}));
                assertThat(server.getInputStream().read()).isEqualTo(1);
                server.getOutputStream().write(2);
                client.read(ByteBuffer.allocate(1));
            }
            TcpInfo after = TcpInfo.of(client);
            TcpInfo serverSide = TcpInfo.ofPeer(client);

            assertThat(after.dataSegsOut() - before.dataSegsOut()).isEqualTo(5);
            assertThat(after.dataSegsIn() - before.dataSegsIn()).isEqualTo(5);
            assertThat(serverSide.dataSegsIn()).isEqualTo(after.dataSegsOut());
            assertThat(TcpInfo.of(server).dataSegsIn())
                    .isEqualTo(serverSide.dataSegsIn()); // one socket, found two ways
            assertThat(after.sndMss()).isPositive();
            assertThat(serverSide.atoMicros())
                    .as("data was received: a delayed-ACK timeout is set")
                    .isPositive();
        }
    }

    @Test
    void a_limited_segment_size_is_the_connections_full_segment() throws IOException {
        assumeTrue(TcpInfo.unavailable().isEmpty(), () -> TcpInfo.unavailable().orElseThrow());
        try (var listener = new ServerSocket(0, 1, LOOPBACK);
                var client = SocketChannel.open()) {
            client.bind(new InetSocketAddress(LOOPBACK, 0));
            TcpInfo.limitSegmentSize(client.socket(), 1000);
            client.connect(listener.getLocalSocketAddress());
            try (Socket ignored = listener.accept()) {
                assertThat(TcpInfo.of(client).sndMss()).isBetween(900, 1000);
            }
        }
    }

    @Test
    void an_unconnected_socket_has_no_tcp_info() throws IOException {
        try (var client = SocketChannel.open()) {
            assertThatThrownBy(() -> TcpInfo.of(client)).isInstanceOf(NullPointerException.class);
        }
    }
}
