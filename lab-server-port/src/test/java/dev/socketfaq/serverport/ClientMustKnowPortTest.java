package dev.socketfaq.serverport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketfaq.serverport.broken.UnpublishedRandomPort;
import dev.socketfaq.testkit.FaqClaim;
import dev.socketfaq.testkit.Proves;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client speaks first, to the port where the server listens (FAQ, "Server port"): a client that does not know
 * the port cannot reach the server, whatever else it knows; told the port, the same client does.
 */
@Timeout(30)
class ClientMustKnowPortTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    // tag::unknown-port[]
    @Test
    @Proves(FaqClaim.CLIENT_MUST_KNOW_PORT)
    void a_client_that_does_not_know_the_port_never_reaches_the_server() throws Exception {
        var unpublished = new UnpublishedRandomPort(LOOPBACK);
        try (TimeServer server = unpublished.start("a");
                var elsewhere = new Socket()) {
            assertThatThrownBy(() -> unpublished.locate("a"))
                    .hasMessageStartingWith("no port known for instance a at 127.0.0.1: ");
            elsewhere.bind(new InetSocketAddress(LOOPBACK, 0)); // a port bound, not listening: any guess but the one
            var guess = new InetSocketAddress(LOOPBACK, elsewhere.getLocalPort());
            assertThatThrownBy(() -> TimeProtocol.ask(guess)).isInstanceOf(ConnectException.class);
            assertThat(server.accepted())
                    .as("connections that reached the server")
                    .isZero();

            String reply = TimeProtocol.ask(new InetSocketAddress(LOOPBACK, server.port())); // told the port
            assertThat(reply).startsWith("OK a ");
            assertThat(server.accepted()).isEqualTo(1);
        }
    }
    // end::unknown-port[]
}
