package dev.socketfaq.getsockname;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;

/**
 * What a UDP socket bound to the wildcard knows of its own address: after it sends (the FAQ's "until I/O occurs")
 * and after it connects. The receiver is ours, on loopback, and tells what source each datagram really had.
 *
 * @param afterSend the socket's getLocalAddress() after one unconnected send
 * @param sourceOfSend the source address that datagram arrived from: the route's choice, for that datagram only
 * @param afterConnect the socket's getLocalAddress() after connect()
 * @param sourceAfterConnect the source of a datagram sent after connect()
 * @param sentByConnect datagrams that reached the receiver between connect() and that next datagram
 */
public record UdpSource(
        InetSocketAddress afterSend,
        InetAddress sourceOfSend,
        InetSocketAddress afterConnect,
        InetAddress sourceAfterConnect,
        int sentByConnect) {

    /** The most the receiver waits for a datagram on loopback: a bound against hanging, not a latency claim. */
    static final int RECEIVE_LIMIT_MS = 5_000;

    private static final byte[] FIRST = {1};
    private static final byte[] MARKER = {2};

    /** What happens between connect() and the marker datagram: nothing, in the lab; a test may send there. */
    @FunctionalInterface
    interface AfterConnect {
        AfterConnect NOTHING = udp -> {};

        void run(DatagramChannel udp) throws IOException;
    }

    /** Sends from a wildcard-bound IPv4 UDP socket to a receiver on {@code target}, then connects it there. */
    public static UdpSource measure(InetAddress target) throws IOException {
        return measure(target, AfterConnect.NOTHING, RECEIVE_LIMIT_MS);
    }

    // tag::udp-source[]
    static UdpSource measure(InetAddress target, AfterConnect between, int receiveLimitMs) throws IOException {
        try (var receiver = DatagramChannel.open(StandardProtocolFamily.INET).bind(new InetSocketAddress(target, 0));
                var udp = DatagramChannel.open(StandardProtocolFamily.INET)
                        .bind(new InetSocketAddress(Loopback.WILDCARD4, 0))) {
            receiver.socket().setSoTimeout(receiveLimitMs);
            udp.send(ByteBuffer.wrap(FIRST), receiver.getLocalAddress()); // I/O on an unconnected socket
            var afterSend = (InetSocketAddress) udp.getLocalAddress(); // still the wildcard
            InetAddress sourceOfSend = receive(receiver).getAddress(); // the kernel chose it for this datagram only

            udp.connect(receiver.getLocalAddress()); // the route is chosen now, and our address with it
            var connected = (InetSocketAddress) udp.getLocalAddress();
            between.run(udp);
            udp.write(ByteBuffer.wrap(MARKER)); // loopback keeps order: whatever came before it is counted
            int sentByConnect = 0;
            DatagramPacket next;
            while (!Arrays.equals(MARKER, data(next = receive(receiver)))) sentByConnect++;
            return new UdpSource(afterSend, sourceOfSend, connected, next.getAddress(), sentByConnect);
        }
    }
    // end::udp-source[]

    private static DatagramPacket receive(DatagramChannel receiver) throws IOException {
        var buffer = new byte[16];
        var packet = new DatagramPacket(buffer, buffer.length);
        receiver.socket().receive(packet); // gives up after the receive limit: SocketTimeoutException
        return packet;
    }

    private static byte[] data(DatagramPacket p) {
        return Arrays.copyOf(p.getData(), p.getLength()); // a packet of ours: its data starts at offset 0
    }
}
