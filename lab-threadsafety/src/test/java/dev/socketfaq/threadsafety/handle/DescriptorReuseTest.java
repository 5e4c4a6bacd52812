package dev.socketfaq.threadsafety.handle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.socketfaq.testkit.FaqClaim;
import dev.socketfaq.testkit.Proves;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The OS itself reuses descriptor numbers (POSIX: the lowest number not in use), and a stale number reaches the new
 * socket. Other threads of this JVM open files and sockets too and may take the number first, so each proof tries a
 * bounded number of times and asserts that the reuse happened at least once, never that it happened every time.
 */
@Timeout(30)
class DescriptorReuseTest {
    static final int TRIES = 50;

    @BeforeEach
    void posix() {
        assumeTrue(NativeSockets.supported(), "POSIX socket()/close() through FFM: Linux and macOS");
    }

    // tag::os-reuses[]
    @Test
    @Proves(FaqClaim.HANDLES_REUSED)
    void the_os_gives_a_closed_number_to_the_next_socket() throws Exception {
        int reused = 0;
        for (int i = 0; i < TRIES; i++) {
            int[] fds = NativeSockets.socketCloseSocket();
            if (fds[1] == fds[0]) reused++;
        }
        assertThat(reused)
                .as("socket() after close() got the closed number, of %d tries", TRIES)
                .isPositive();
    }

    @Test
    @Proves(FaqClaim.HANDLES_REUSED)
    void a_send_through_the_stale_number_lands_on_the_new_socket() throws Exception {
        var os = new NativeSockets();
        try (var listener = new ServerSocket(0, 2, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(5_000);
            var address = new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
            for (int i = 0; i < TRIES; i++) {
                int alice = os.connect(address);
                listener.accept().close();
                os.close(alice); // alice's number is free; a variable somewhere still holds it
                int stranger = os.connect(address);
                try (Socket strangerSide = listener.accept()) {
                    if (stranger != alice) continue; // another thread took the number first: try again
                    os.send(alice, "for alice".getBytes(StandardCharsets.US_ASCII)); // the stale number
                    strangerSide.setSoTimeout(5_000);
                    assertThat(new String(strangerSide.getInputStream().readNBytes(9), StandardCharsets.US_ASCII))
                            .as("what the stranger's connection received")
                            .isEqualTo("for alice");
                    return;
                } finally {
                    os.close(stranger);
                }
            }
            throw new AssertionError("the OS did not reuse the closed number in " + TRIES + " tries");
        }
    }
    // end::os-reuses[]
}
