package dev.socketfaq.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SocketServerCapTest {
    private static final byte[] PING = {1, 2, 3};

    private static SocketServer echoServer(int max) throws IOException {
        return SocketServer.start(
                "echo",
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                socket -> {
                    InputStream in = socket.getInputStream();
                    for (byte[] body; (body = Frames.read(in)) != null; ) {
                        socket.getOutputStream().write(Frames.frame(body).array());
                    }
                },
                line -> {},
                new SocketServer.Limits(max, 10_000));
    }

    /** Connects and completes one exchange, so the server has registered the connection. */
    private static Socket served(SocketServer server) throws IOException {
        Socket s = Connect.socket(server.address(), Connect.Setup.NONE);
        s.getOutputStream().write(Frames.frame(PING).array());
        assertThat(Frames.read(s.getInputStream())).isEqualTo(PING);
        return s;
    }

    @Test
    void a_client_over_the_cap_reads_one_line_saying_why() throws IOException {
        List<Socket> held = new ArrayList<>();
        try (var server = echoServer(2)) {
            held.add(served(server));
            held.add(served(server));
            try (Socket third = Connect.socket(server.address(), Connect.Setup.NONE)) {
                third.getOutputStream().write(Frames.frame(PING).array()); // sent before it learns: no reset
                assertThatThrownBy(() -> Frames.read(third.getInputStream()))
                        .isInstanceOf(Frames.RefusedException.class)
                        .hasMessage("the server refused: server full: 2 connections already; try again shortly");
                assertThat(third.getInputStream().read()).isEqualTo(-1); // then an orderly end of stream
            }
            assertThat(server.refused()).isEqualTo(1);
            assertThat(server.connected()).isEqualTo(2);
        } finally {
            for (Socket s : held) s.close();
        }
    }

    @Test
    void a_place_freed_by_a_leaving_client_is_given_to_the_next() throws Exception {
        try (var server = echoServer(1)) {
            served(server).close();
            await().until(() -> server.connected() == 0);
            try (Socket next = served(server)) {
                assertThat(server.refused()).isZero();
            }
        }
    }

    @Test
    void the_default_cap_holds_a_lecture_hall() {
        assertThat(SocketServer.Limits.DEFAULT.maxConnections()).isGreaterThanOrEqualTo(600);
    }
}
