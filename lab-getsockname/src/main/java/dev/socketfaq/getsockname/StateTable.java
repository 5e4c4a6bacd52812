package dev.socketfaq.getsockname;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures what a socket knows about its own end in each state: getLocalAddress() and getLocalPort() in Java,
 * getsockname() underneath. The FAQ's "Local address and port" predicts the pattern: the port is known as soon as
 * the socket is bound; the address of a wildcard-bound socket is known only once it is connected (for UDP: once
 * it is connected to a destination, which picks the route without sending anything).
 *
 * <p>Everything here talks to loopback only. The "other" local address is {@link #OTHER_LOOPBACK}: on Linux the
 * whole of 127.0.0.0/8 is local, so 127.0.0.2 is a second address of this machine, as on a multihomed host.
 */
public final class StateTable {
    public static final InetAddress LOOPBACK = InetAddress.ofLiteral("127.0.0.1");
    public static final InetAddress OTHER_LOOPBACK = InetAddress.ofLiteral("127.0.0.2");
    public static final InetAddress LOOPBACK6 = InetAddress.ofLiteral("::1");
    private static final InetSocketAddress WILDCARD_PORT0 = new InetSocketAddress(0);

    private StateTable() {}

    /** One measurement: a socket in a state, and what it said about its local end. */
    public record Row(String socket, String state, InetAddress address, int port) {
        public boolean portKnown() {
            return port > 0;
        }

        public boolean addressKnown() {
            return address != null && !address.isAnyLocalAddress();
        }

        public String addressText() {
            return address == null ? "null" : address.getHostAddress();
        }
    }

    /** The whole table for this machine; IPv6 rows only where IPv6 loopback works. */
    public static List<Row> measure() throws IOException {
        var rows = new ArrayList<Row>();
        tcp(rows);
        udp(rows);
        if (ipv6()) dualStack(rows);
        return rows;
    }

    // tag::tcp[]
    private static void tcp(List<Row> rows) throws IOException {
        InetAddress other = otherLoopback();
        try (var client = new Socket(); var wildcardListener = new ServerSocket(); var oneAddress = new Socket();
             var oneAddressListener = new ServerSocket()) {
            rows.add(of("TCP", "unbound", client));
            client.bind(WILDCARD_PORT0);
            rows.add(of("TCP", "bound to port 0 on the wildcard", client));
            oneAddress.bind(new InetSocketAddress(LOOPBACK, 0));
            rows.add(of("TCP", "bound to port 0 on " + LOOPBACK.getHostAddress(), oneAddress));

            wildcardListener.bind(WILDCARD_PORT0);
            rows.add(new Row("TCP listener", "listening on the wildcard", wildcardListener.getInetAddress(), wildcardListener.getLocalPort()));
            oneAddressListener.bind(new InetSocketAddress(LOOPBACK, 0));
            rows.add(new Row("TCP listener", "listening on " + LOOPBACK.getHostAddress(), oneAddressListener.getInetAddress(), oneAddressListener.getLocalPort()));

            client.connect(new InetSocketAddress(other, wildcardListener.getLocalPort())); // the OS picks our address now
            try (Socket accepted = wildcardListener.accept()) {
                rows.add(of("TCP", "connected to " + other.getHostAddress() + " (was bound to the wildcard)", client));
                rows.add(of("TCP", "accepted on the wildcard listener; the client dialed " + other.getHostAddress(), accepted));
            }
        }
    }
    // end::tcp[]

    // tag::udp[]
    private static void udp(List<Row> rows) throws IOException {
        InetAddress other = otherLoopback();
        try (var udp = new DatagramSocket(null)) {
            rows.add(new Row("UDP", "unbound", udp.getLocalAddress(), udp.getLocalPort()));
            udp.bind(WILDCARD_PORT0);
            rows.add(new Row("UDP", "bound to port 0 on the wildcard", udp.getLocalAddress(), udp.getLocalPort()));
            udp.connect(new InetSocketAddress(other, 9)); // no datagram leaves: connect() only chooses the route
            rows.add(new Row("UDP", "connected to " + other.getHostAddress() + " (nothing sent)", udp.getLocalAddress(), udp.getLocalPort()));
        }
    }
    // end::udp[]

    private static void dualStack(List<Row> rows) throws IOException {
        try (var listener = new ServerSocket(); var udp = new DatagramSocket(null)) {
            listener.bind(new InetSocketAddress(InetAddress.ofLiteral("::"), 0));
            rows.add(new Row("TCP listener (IPv6)", "listening on :: (dual-stack)", listener.getInetAddress(), listener.getLocalPort()));
            try (var v4 = new Socket(LOOPBACK, listener.getLocalPort()); Socket accepted = listener.accept()) {
                rows.add(of("TCP (IPv6)", "accepted on ::; the client dialed " + LOOPBACK.getHostAddress() + " (IPv4-mapped)", accepted));
            }
            try (var v6 = new Socket(LOOPBACK6, listener.getLocalPort()); Socket accepted = listener.accept()) {
                rows.add(of("TCP (IPv6)", "accepted on ::; the client dialed ::1", accepted));
            }
            udp.bind(new InetSocketAddress(InetAddress.ofLiteral("::"), 0));
            udp.connect(new InetSocketAddress(LOOPBACK6, 9));
            rows.add(new Row("UDP (IPv6)", "connected to ::1 (nothing sent)", udp.getLocalAddress(), udp.getLocalPort()));
        }
    }

    /**
     * Connects a UDP socket to a receiver on {@code target} and returns the local address the route gave it,
     * with the number of datagrams the receiver got: zero, since connect() sends nothing.
     */
    public record Route(InetAddress local, int datagramsReceived) {}

    // tag::udp-route[]
    public static Route udpRoute(InetAddress target) throws IOException {
        try (var receiver = DatagramChannel.open().bind(new InetSocketAddress(target, 0));
             var udp = DatagramChannel.open()) {
            receiver.configureBlocking(false);
            udp.connect(receiver.getLocalAddress()); // picks the route and our source address; sends nothing
            InetAddress local = ((InetSocketAddress) udp.getLocalAddress()).getAddress();
            int received = 0;
            while (receiver.receive(ByteBuffer.allocate(64)) != null) received++;
            return new Route(local, received);
        }
    }
    // end::udp-route[]

    /**
     * A second local address to dial: 127.0.0.2 where the OS treats all of 127.0.0.0/8 as local (Linux), or
     * 127.0.0.1 again where it does not (macOS and Windows, without an alias): then the table has one address.
     */
    public static InetAddress otherLoopback() {
        return multipleLoopbackAddresses() ? OTHER_LOOPBACK : LOOPBACK;
    }

    /** Whether this OS answers on 127.0.0.2 without configuration (Linux does; macOS needs an alias). */
    public static boolean multipleLoopbackAddresses() {
        try (var s = new ServerSocket()) {
            s.bind(new InetSocketAddress(OTHER_LOOPBACK, 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether IPv6 loopback works here (it may be disabled on a host or in a container). */
    public static boolean ipv6() {
        try (var s = new ServerSocket()) {
            s.bind(new InetSocketAddress(LOOPBACK6, 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Row of(String socket, String state, Socket s) {
        return new Row(socket, state, s.getLocalAddress(), s.getLocalPort());
    }

    /** The row's address as the table prints it: an IPv4 address, or an IPv6 one in brackets. */
    public static String format(Row r) {
        String a = r.address() instanceof Inet4Address || r.address() == null ? r.addressText() : "[" + r.addressText() + "]";
        return String.format("%-20s %-70s %-18s %6d   port %s, address %s", r.socket(), r.state(), a, r.port(),
                r.portKnown() ? "known" : "unknown", r.addressKnown() ? "known" : "unknown");
    }
}
