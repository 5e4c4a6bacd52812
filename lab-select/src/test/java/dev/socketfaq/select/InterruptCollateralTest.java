package dev.socketfaq.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.socketfaq.select.broken.InterruptingServer;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The second broken mode: interrupting a thread blocked in a channel <em>read</em> closes its connection
 * too (FAQ, "Terminating a select() loop from another thread": the stop must not destroy what another thread uses).
 * The contract test catches the interrupt in a write, with a reply in flight; here the client is owed nothing, and
 * it loses its connection all the same.
 */
@Timeout(30)
class InterruptCollateralTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void interrupting_a_thread_blocked_in_read_closes_the_connection_of_a_client_owed_nothing() throws Exception {
        try (var server = new InterruptingServer(new InetSocketAddress(LOOPBACK, 0));
                var idle = new Socket()) {
            idle.connect(server.address(), 3_000);
            idle.setSoTimeout(15_000); // a bound against hanging, not a latency claim: generous for a loaded machine
            new DataOutputStream(idle.getOutputStream()).writeInt(1000);
            assertThat(idle.getInputStream().readNBytes(1000))
                    .as("the reply before the stop")
                    .hasSize(1000);
            // served and owed nothing: its thread is back in read(), waiting for a next request. The client has
            // all 1000 bytes, so the thread is past its first read: waiting now means waiting for a second request.
            // (If the interrupt came a moment before read() began, the read would fail the same way: an
            // interruptible channel checks the thread's interrupt status on entry.)
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> server.awaitingRequest() == 1 && server.bytesWritten() == 1000);

            server.requestStop();

            assertThat(endOfStream(idle))
                    .as("the idle client's connection was closed under it")
                    .isTrue();
            assertThat(server.awaitTermination(Duration.ofSeconds(5)))
                    .as("threads ended")
                    .isTrue();
            assertThat(server.failureOf((InetSocketAddress) idle.getLocalSocketAddress()))
                    .as("how the idle client's connection thread died")
                    .isInstanceOf(ClosedByInterruptException.class);
        }
    }

    @Test
    void bytes_of_a_write_cut_short_by_the_interrupt_are_counted_as_written() throws Exception {
        try (var server = new InterruptingServer(new InetSocketAddress(LOOPBACK, 0));
                var client = OwedClient.request(server.address(), 8 * 1024 * 1024)) {
            // the reply is in flight: the client's receive buffer holds a part, the server's thread blocks in write()
            await().atMost(Duration.ofSeconds(10)).until(() -> client.available() > 0);

            server.requestStop();
            long received = client.readUntilClosed();

            assertThat(server.awaitTermination(Duration.ofSeconds(5)))
                    .as("threads ended")
                    .isTrue();
            assertThat(received).as("bytes received; the stop lost the rest").isLessThan(8 * 1024 * 1024);
            assertThat(server.bytesWritten())
                    .as("bytes the server says it wrote")
                    .isEqualTo(received);
        }
    }

    /** True if the peer closed (end of stream) or reset the connection; false if it merely went quiet. */
    static boolean endOfStream(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false; // still open after 15 s: not closed
        } catch (SocketException e) {
            return true; // connection reset
        }
    }
}
