package dev.socketfaq.serverport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.socketfaq.serverport.broken.FixedPortNumber;
import dev.socketfaq.serverport.broken.HijackedHttpPort;
import dev.socketfaq.serverport.broken.UnpublishedRandomPort;
import dev.socketfaq.serverport.directory.Publisher;
import dev.socketfaq.serverport.directory.ServiceDirectory;
import dev.socketfaq.serverport.fixed.AgreedPort;
import dev.socketfaq.serverport.fixed.GuardedDirectory;
import dev.socketfaq.serverport.fixed.RandomPortInDirectory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A start that fails (a port taken, a publish refused) leaves no socket behind: each implementation closes the
 * socket it could not use, rather than leave it to the garbage collector while the program retries.
 */
@Timeout(30)
class FailedStartTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    static final int ATTEMPTS = 6;

    /** Descriptors this process holds now (Linux's /proc). */
    static long descriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /** Fails {@code rendezvous}'s start {@link #ATTEMPTS} times; the descriptors held must not grow with them. */
    static void failsWithoutLeaking(Rendezvous rendezvous) throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "counting descriptors reads /proc (Linux)");
        assertThatThrownBy(() -> rendezvous.start("a").close()).isInstanceOf(IOException.class); // warm up
        long before = descriptors();
        for (int i = 0; i < ATTEMPTS; i++) {
            assertThatThrownBy(() -> rendezvous.start("a").close()).isInstanceOf(IOException.class);
        }
        assertThat(descriptors() - before)
                .as("descriptors left by %d failed starts", ATTEMPTS)
                .isLessThan(ATTEMPTS / 2);
    }

    @Test
    void on_a_taken_port() throws Exception {
        try (var holder = new ServerSocket()) {
            holder.bind(new InetSocketAddress(LOOPBACK, 0));
            int port = holder.getLocalPort();
            failsWithoutLeaking(new HijackedHttpPort(LOOPBACK, port));
            failsWithoutLeaking(new AgreedPort(LOOPBACK, Map.of("a", port), "the test"));
        }
    }

    @Test
    void on_the_compiled_in_port() throws Exception {
        try (var holder = new ServerSocket()) {
            try {
                holder.bind(new InetSocketAddress(LOOPBACK, FixedPortNumber.PORT));
            } catch (IOException taken) {
                // another program holds it: the starts fail all the same
            }
            failsWithoutLeaking(new FixedPortNumber(LOOPBACK));
        }
    }

    @Test
    void on_a_refused_publish() throws Exception {
        try (var directory = ServiceDirectory.start(LOOPBACK, 0, new GuardedDirectory(Publisher.generate()))) {
            failsWithoutLeaking(new RandomPortInDirectory(LOOPBACK, directory.address(), Publisher.ANONYMOUS));
        }
    }

    @Test
    void on_an_address_this_host_does_not_have() throws Exception {
        failsWithoutLeaking(new UnpublishedRandomPort(InetAddress.ofLiteral("192.0.2.1"))); // TEST-NET-1
    }
}
