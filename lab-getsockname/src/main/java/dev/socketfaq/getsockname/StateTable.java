package dev.socketfaq.getsockname;

import static dev.socketfaq.getsockname.Loopback.LOOPBACK;
import static dev.socketfaq.getsockname.Loopback.LOOPBACK6;
import static dev.socketfaq.getsockname.Loopback.WILDCARD4;
import static dev.socketfaq.getsockname.Loopback.WILDCARD6;

import dev.socketfaq.getsockname.Row.Family;
import dev.socketfaq.getsockname.Row.Stage;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * What a socket knows about its own end in each state: getLocalAddress() in Java, getsockname() underneath. The
 * port is known as soon as the socket is bound; the address of a wildcard-bound socket only once it is connected.
 *
 * <p>Every channel is opened with its family named, because Java's default socket is an IPv6 one with IPV6_V6ONLY
 * off wherever IPv6 works: IPv4 rows are INET sockets, IPv6 rows INET6 sockets talking IPv6, dual-stack rows INET6
 * sockets on {@code ::} talking to IPv4 peers. Everything talks to loopback only (see {@link Loopback}).
 */
public final class StateTable {

    private StateTable() {}

    /** The whole table for this machine: IPv6 and dual-stack rows where IPv6 works, else a row saying why not. */
    public static List<Row> measure() throws IOException {
        var rows = new ArrayList<Row>();
        InetAddress other = Loopback.other();
        tcp(rows, Family.IPV4, StandardProtocolFamily.INET, WILDCARD4, LOOPBACK, other);
        udp(rows, Family.IPV4, StandardProtocolFamily.INET, WILDCARD4, other);
        String noIpv6 = Loopback.ipv6Unavailable();
        String noDualStack = noIpv6 != null ? noIpv6 : Loopback.dualStackUnavailable();
        if (noIpv6 != null) {
            rows.add(skipped(Family.IPV6, noIpv6));
        } else {
            tcp(rows, Family.IPV6, StandardProtocolFamily.INET6, WILDCARD6, LOOPBACK6, LOOPBACK6);
            udp(rows, Family.IPV6, StandardProtocolFamily.INET6, WILDCARD6, LOOPBACK6);
        }
        if (noDualStack != null) {
            rows.add(skipped(Family.DUAL_STACK, noDualStack));
        } else { // no "one address" rows: an INET6 socket's one address would be IPv6
            tcp(rows, Family.DUAL_STACK, StandardProtocolFamily.INET6, WILDCARD6, null, other);
            udp(rows, Family.DUAL_STACK, StandardProtocolFamily.INET6, WILDCARD6, other);
        }
        // the JDK has no IPV6_V6ONLY option and clears it on every INET6 socket it creates
        rows.add(skipped(
                Family.IPV6_ONLY,
                "Java has no IPV6_V6ONLY option and opens every INET6 socket with it off; "
                        + "on a v6-only socket the IPv6 rows would read the same, and IPv4 peers would be refused"));
        return rows;
    }

    // tag::tcp[]
    /** A TCP client bound to the wildcard, then connected to {@code dial} on a listener bound to the wildcard. */
    private static void tcp(
            List<Row> rows, Family f, ProtocolFamily pf, InetAddress wildcard, InetAddress one, InetAddress dial)
            throws IOException {
        try (var client = SocketChannel.open(pf);
                var listener = ServerSocketChannel.open(pf)) {
            rows.add(of(f, "TCP", Stage.UNBOUND, "unbound", client));
            client.bind(new InetSocketAddress(wildcard, 0)); // the port is chosen now; the address is "any"
            rows.add(of(f, "TCP", Stage.BOUND_WILDCARD_PORT_ZERO, "bound to port 0 on " + text(wildcard), client));
            namedPort(rows, f, pf, wildcard);
            if (one != null) oneAddress(rows, f, pf, one);

            listener.bind(new InetSocketAddress(wildcard, 0)); // bind() of a ServerSocketChannel also listens
            rows.add(of(f, "TCP listener", Stage.LISTENING_WILDCARD, "listening on " + text(wildcard), listener));

            int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            client.connect(new InetSocketAddress(dial, port)); // the route picks our address now
            try (SocketChannel accepted = Loopback.acceptFrom(listener, client.getLocalAddress())) {
                String was = " (was bound to " + text(wildcard) + ")";
                rows.add(of(f, "TCP", Stage.CONNECTED, "connected to " + text(dial) + was, client));
                String on = "accepted on the " + text(wildcard) + " listener; the client dialed " + text(dial);
                rows.add(of(f, "TCP", Stage.ACCEPTED, on, accepted)); // the address this client reached
            }
        }
    }
    // end::tcp[]

    // tag::udp[]
    /** A UDP socket bound to the wildcard sends a datagram unconnected, then connects to the same receiver. */
    private static void udp(List<Row> rows, Family f, ProtocolFamily pf, InetAddress wildcard, InetAddress dial)
            throws IOException {
        var receiverFamily = dial instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
        try (var receiver = DatagramChannel.open(receiverFamily).bind(new InetSocketAddress(dial, 0));
                var udp = DatagramChannel.open(pf)) {
            rows.add(of(f, "UDP", Stage.UNBOUND, "unbound", udp));
            udp.bind(new InetSocketAddress(wildcard, 0));
            rows.add(of(f, "UDP", Stage.BOUND_WILDCARD_PORT_ZERO, "bound to port 0 on " + text(wildcard), udp));
            udp.send(ByteBuffer.wrap(new byte[] {1}), receiver.getLocalAddress()); // I/O: a source per datagram
            rows.add(of(f, "UDP", Stage.SENT_UNCONNECTED, "sent a datagram to " + text(dial) + ", unconnected", udp));
            udp.connect(receiver.getLocalAddress()); // no datagram leaves: connect() only chooses the route
            rows.add(of(f, "UDP", Stage.CONNECTED, "connected to " + text(dial) + " (nothing sent)", udp));
        }
    }
    // end::udp[]

    /**
     * A socket bound to the wildcard with a port of our choosing, not 0: the address stays unknown however the port
     * was settled. The port is one the OS just gave out and took back (bind to 0, close), so it is free; if another
     * program takes it in between, the next one is tried.
     */
    private static void namedPort(List<Row> rows, Family f, ProtocolFamily pf, InetAddress wildcard)
            throws IOException {
        for (int attempt = 1; ; attempt++) {
            int port;
            try (var probe = SocketChannel.open(pf)) {
                port = ((InetSocketAddress)
                                probe.bind(new InetSocketAddress(wildcard, 0)).getLocalAddress())
                        .getPort();
            }
            try (var client = SocketChannel.open(pf)) {
                client.bind(new InetSocketAddress(wildcard, port));
                String state = "bound to port " + port + " (named) on " + text(wildcard);
                rows.add(of(f, "TCP", Stage.BOUND_WILDCARD_NAMED_PORT, state, client));
                return;
            } catch (BindException e) {
                if (attempt == 5) throw e;
            }
        }
    }

    private static void oneAddress(List<Row> rows, Family f, ProtocolFamily pf, InetAddress one) throws IOException {
        try (var client = SocketChannel.open(pf);
                var listener = ServerSocketChannel.open(pf)) {
            client.bind(new InetSocketAddress(one, 0));
            rows.add(of(f, "TCP", Stage.BOUND_ONE_ADDRESS, "bound to port 0 on " + text(one), client));
            listener.bind(new InetSocketAddress(one, 0));
            rows.add(of(f, "TCP listener", Stage.LISTENING_ONE_ADDRESS, "listening on " + text(one), listener));
        }
    }

    private static Row of(Family f, String socket, Stage stage, String state, NetworkChannel channel)
            throws IOException {
        // getsockname(); null while the channel is unbound
        return new Row(f, socket, stage, state, (InetSocketAddress) channel.getLocalAddress());
    }

    private static Row skipped(Family f, String why) {
        return new Row(f, "TCP, UDP", Stage.SKIPPED, "not measured: " + why, null);
    }

    /** An address as the table prints it: {@code ::} and {@code ::1} short. */
    static String text(InetAddress a) {
        String s = a.getHostAddress();
        return s.equals("0:0:0:0:0:0:0:0") ? "::" : s.equals("0:0:0:0:0:0:0:1") ? "::1" : s;
    }
}
