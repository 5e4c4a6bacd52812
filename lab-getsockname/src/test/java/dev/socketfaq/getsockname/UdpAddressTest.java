package dev.socketfaq.getsockname;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.socketfaq.kit.Evidence;
import dev.socketfaq.testkit.FaqClaim;
import dev.socketfaq.testkit.Proves;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The FAQ on connectionless sockets ("Local address and port", quoting MSDN): the address "may not be available
 * until I/O occurs on the socket". What Linux does, measured: a send leaves the socket on the wildcard (the source
 * is chosen per datagram and not kept); connect() gives it a concrete address, and sends nothing.
 */
@Timeout(30)
class UdpAddressTest {

    // tag::udp-claim[]
    @Test
    @Proves(FaqClaim.UDP_UNKNOWN_UNTIL_IO)
    void an_unconnected_send_leaves_the_address_unknown_and_connect_makes_it_known() throws IOException {
        UdpSource udp = UdpSource.measure(Loopback.other());
        writeEvidence(udp);

        assertThat(udp.afterSend().getAddress().isAnyLocalAddress())
                .as("after an unconnected send the socket reports %s", udp.afterSend())
                .isTrue();
        assertThat(udp.sourceOfSend().isAnyLocalAddress())
                .as("the datagram itself left from %s", udp.sourceOfSend())
                .isFalse();
        assertThat(udp.afterConnect().getAddress())
                .as("after connect() the socket reports the address its datagrams leave from")
                .isEqualTo(udp.sourceAfterConnect());
        assertThat(udp.afterConnect().getPort()).isEqualTo(udp.afterSend().getPort());
    }

    @Test
    @Proves(FaqClaim.UDP_UNKNOWN_UNTIL_IO)
    void connect_sends_nothing() throws IOException {
        // the receiver counts what arrives between connect() and a marker datagram sent after it
        assertThat(UdpSource.measure(Loopback.other()).sentByConnect())
                .as("datagrams that connect() sent")
                .isZero();
    }
    // end::udp-claim[]

    /** The count above can fail: a datagram sent between connect() and the marker is counted. */
    @Test
    void a_datagram_sent_after_connect_would_be_counted() throws IOException {
        var udp = UdpSource.measure(
                Loopback.other(),
                channel -> channel.write(ByteBuffer.wrap(new byte[] {3})),
                UdpSource.RECEIVE_LIMIT_MS);
        assertThat(udp.sentByConnect()).isEqualTo(1);
    }

    /** A datagram that never arrives (sent elsewhere) ends the measurement at the receive limit: it never hangs. */
    @Test
    void a_datagram_that_never_arrives_ends_the_measurement_at_the_receive_limit() throws IOException {
        try (var elsewhere =
                DatagramChannel.open(StandardProtocolFamily.INET).bind(new InetSocketAddress(Loopback.other(), 0))) {
            assertThatThrownBy(() -> UdpSource.measure(
                            Loopback.other(),
                            channel -> {
                                channel.disconnect(); // the marker goes to a socket that is not the receiver
                                channel.connect(elsewhere.getLocalAddress());
                            },
                            200))
                    .isInstanceOf(SocketTimeoutException.class);
        }
    }

    /**
     * Java's answer is the kernel's, not a copy Java keeps: on Linux, {@code /proc/net/udp} lists the socket's local
     * address as the kernel holds it, 0.0.0.0 after a send and the concrete address after connect().
     */
    @Test
    @Proves(FaqClaim.UDP_UNKNOWN_UNTIL_IO)
    void the_kernel_agrees_with_what_java_reports() throws IOException {
        Path table = Path.of("/proc/net/udp");
        assumeTrue(Files.isReadable(table), "no /proc/net/udp: this check reads Linux's own socket table");
        try (var receiver = DatagramChannel.open(StandardProtocolFamily.INET)
                        .bind(new InetSocketAddress(Loopback.other(), 0));
                var udp = DatagramChannel.open(StandardProtocolFamily.INET)
                        .bind(new InetSocketAddress(Loopback.WILDCARD4, 0))) {
            udp.send(ByteBuffer.wrap(new byte[] {1}), receiver.getLocalAddress());
            int port = ((InetSocketAddress) udp.getLocalAddress()).getPort();
            assertThat(kernelLocalAddress(table, port)).contains("00000000");
            udp.connect(receiver.getLocalAddress());
            var local = (InetSocketAddress) udp.getLocalAddress();
            assertThat(kernelLocalAddress(table, port)).contains(hex(local));
        }
    }

    /** The local address column of the socket on {@code port}, as the kernel lists it (hex, host byte order). */
    static Optional<String> kernelLocalAddress(Path table, int port) throws IOException {
        String suffix = String.format(Locale.ROOT, ":%04X", port);
        return Files.readAllLines(table).stream()
                .skip(1)
                .map(l -> l.trim().split("\\s+")[1])
                .filter(local -> local.endsWith(suffix))
                .map(local -> local.substring(0, 8))
                .findFirst();
    }

    /** An IPv4 address as /proc/net/udp writes it: 127.0.0.1 is 0100007F on a little-endian machine. */
    static String hex(InetSocketAddress a) {
        byte[] b = a.getAddress().getAddress();
        return String.format(Locale.ROOT, "%02X%02X%02X%02X", b[3], b[2], b[1], b[0]);
    }

    static void writeEvidence(UdpSource udp) {
        Evidence.named("udp-source", "What a UDP socket on the wildcard knows of its own address")
                .what("A UDP socket bound to 0.0.0.0 sends one datagram to a receiver on "
                        + Loopback.other().getHostAddress() + " without being connected, then connects to it."
                        + " The receiver reports each datagram's real source.")
                .table(
                        List.of("step", "getLocalAddress()", "the datagram left from"),
                        List.of(
                                List.of("unconnected send", TableText.text(udp.afterSend()), addr(udp.sourceOfSend())),
                                List.of(
                                        "connect(), then send",
                                        TableText.text(udp.afterConnect()),
                                        addr(udp.sourceAfterConnect()))))
                .figure("datagrams sent by connect()", udp.sentByConnect(), "datagrams")
                .write();
    }

    private static String addr(InetAddress a) {
        return a.getHostAddress();
    }
}
