package dev.socketfaq.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.socketfaq.select.broken.InterruptingServer;
import java.io.DataOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client that goes away is not the server's failure. The interrupting server's {@code failure()} is the damage its
 * own stop does (ClosedByInterruptException); a client that resets its connection in the middle of a reply, or sends
 * a request the server refuses, only loses its own connection. Were its reset recorded as the server's failure, the
 * stop report of {@code ./lab select server --mode interrupt} would blame a long-gone client's reset for the stop.
 */
@Timeout(30)
class InterruptClientFailureTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    static final int OWED =
            8 * 1024 * 1024; // far more than the socket buffers hold: the server is in write() at the reset

    @Test
    void a_client_that_resets_mid_reply_or_sends_a_bad_request_is_not_the_servers_failure() throws Exception {
        try (var server = new InterruptingServer(new InetSocketAddress(LOOPBACK, 0))) {
            try (var resets = new Socket()) {
                resets.setReceiveBufferSize(32 * 1024);
                resets.connect(server.address(), 3_000);
                new DataOutputStream(resets.getOutputStream()).writeInt(OWED);
                // the reply is in flight: the server's connection thread is blocked in write()
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> resets.getInputStream().available() > 0);
                resets.setSoLinger(true, 0); // the close sends a reset, and the server's next write fails on it
            }
            try (var bad = new Socket(LOOPBACK, server.address().getPort())) {
                new DataOutputStream(bad.getOutputStream()).writeInt(-1);
                bad.setSoTimeout(15_000); // a bound against hanging, not a latency claim
                assertThat(bad.getInputStream().read())
                        .as("a refused request closes its connection")
                        .isEqualTo(-1);
            }
            // both connection threads have ended: only the listener is left open
            await().atMost(Duration.ofSeconds(10)).until(() -> server.openChannels() == 1);
            assertThat(server.clientsGone())
                    .as("connections the server saw their client reset")
                    .isEqualTo(1);
            assertThat(server.failure())
                    .as("the server's failure, after a client's reset and a bad request")
                    .isNull();
            try (var good = OwedClient.request(server.address(), 1000)) {
                good.readExactly(1000);
            }

            long start = System.nanoTime();
            server.requestStop();
            boolean ended = server.awaitTermination(Duration.ofSeconds(5));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(ended).as("threads ended").isTrue();
            assertThat(server.failure()).as("what the stop itself did").isInstanceOf(ClosedByInterruptException.class);
            assertThat(SignalStop.report(server, ended, took))
                    .as("the stop report")
                    .startsWith("stopped badly, the loop died: ")
                    .doesNotContainIgnoringCase("reset");
        }
    }
}
