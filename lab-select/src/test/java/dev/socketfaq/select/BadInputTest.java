package dev.socketfaq.select;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.select.fixed.WakeupLoop;
import java.io.DataOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bad requests cost their sender its connection and nothing else; the command line answers bad input in one line. */
@Timeout(30)
class BadInputTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void a_negative_or_oversized_request_closes_that_connection_and_the_loop_keeps_serving() throws Exception {
        try (var server = new WakeupLoop(new InetSocketAddress(LOOPBACK, 0))) {
            for (int bad : new int[] {-1, SelectorLoop.MAX_REQUEST + 1}) {
                try (var socket = new Socket(LOOPBACK, server.address().getPort())) {
                    socket.setSoTimeout(
                            15_000); // a bound against hanging, not a latency claim: generous for a loaded machine
                    new DataOutputStream(socket.getOutputStream()).writeInt(bad);
                    assertThat(socket.getInputStream().read())
                            .as("request %d: connection closed", bad)
                            .isEqualTo(-1);
                }
            }
            try (var good = OwedClient.request(server.address(), 1000)) {
                good.readExactly(1000);
            }
            server.requestStop();
            assertThat(server.awaitTermination(Duration.ofSeconds(5))).isTrue();
            assertThat(server.failure()).isNull();
        }
    }
}
