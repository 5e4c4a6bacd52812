package dev.socketfaq.getsockname;

import java.io.IOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures what a socket knows about its own end in each state: getLocalAddress() in Java, getsockname()
 * underneath. The FAQ's "Local address and port" predicts the pattern: the port is known as soon as the socket is
 * bound; the address of a wildcard-bound socket is known only once it is connected (for UDP: once it is connected
 * to a destination, which picks the route without sending anything).
 *
 * <p>Each row names the kind of socket it measured, because Java's default socket is not an IPv4 one: where IPv6
 * is available, {@code new Socket()} and {@code DatagramChannel.open()} are IPv6 sockets with IPV6_V6ONLY off. So
 * every channel here is opened with its family named ({@code SocketChannel.open(StandardProtocolFamily.INET)}):
 * <ul>
 *   <li>IPv4: INET sockets, IPv4 addresses;</li>
 *   <li>IPv6: INET6 sockets talking IPv6 (bound to {@code ::} or {@code ::1}, dialing {@code ::1});</li>
 *   <li>dual-stack: INET6 sockets bound to {@code ::} talking to IPv4 peers (IPv4-mapped addresses underneath);</li>
 *   <li>IPv6-only (IPV6_V6ONLY on): not measurable from Java, which has no such option and clears it on every
 *       INET6 socket it opens; the table says so in a row.</li>
 * </ul>
 *
 * <p>Everything here talks to loopback only. The wildcard-bound listeners are open on every address for the few
 * milliseconds a row takes, and accept nothing but this table's own clients ({@link #acceptFrom}). The "other"
 * local address is {@link #OTHER_LOOPBACK}: on Linux the whole of 127.0.0.0/8 is local, so 127.0.0.2 is a second
 * address of this machine, as on a multihomed host.
 */
public final class StateTable {
    public static final InetAddress LOOPBACK = InetAddress.ofLiteral("127.0.0.1");
    public static final InetAddress OTHER_LOOPBACK = InetAddress.ofLiteral("127.0.0.2");
    public static final InetAddress LOOPBACK6 = InetAddress.ofLiteral("::1");
    public static final InetAddress WILDCARD4 = InetAddress.ofLiteral("0.0.0.0");
    public static final InetAddress WILDCARD6 = InetAddress.ofLiteral("::");

    /** The families a row can be measured in: what the socket is (INET or INET6) and whom it talks to. */
    public enum Family {
        IPV4("IPv4"),
        IPV6("IPv6"),
        DUAL_STACK("dual-stack"),
        IPV6_ONLY("IPv6-only");

        private final String label;

        Family(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * The states the FAQ talks about; the assertions go by these, the table prints the row's own words. Binding
     * has three: to the wildcard with port 0 (the OS picks the port: the FAQ's "random port technique"), to the
     * wildcard with a port the caller names, and to one address. The FAQ ("Local address and port") sets the two
     * wildcard rows apart from the third: the port is known at once in all three, the address only in the last.
     */
    public enum Stage {
        UNBOUND,
        BOUND_WILDCARD_PORT_ZERO,
        BOUND_WILDCARD_NAMED_PORT,
        BOUND_ONE_ADDRESS,
        LISTENING_WILDCARD,
        LISTENING_ONE_ADDRESS,
        CONNECTED,
        ACCEPTED,
        SKIPPED;

        /** Bound or listening on 0.0.0.0 or ::, and not (yet) connected: the address the FAQ says is unknown. */
        public boolean onWildcard() {
            return this == BOUND_WILDCARD_PORT_ZERO || this == BOUND_WILDCARD_NAMED_PORT || this == LISTENING_WILDCARD;
        }
    }

    private StateTable() {}

    /**
     * One measurement: a socket of a family in a state, and what it said about its local end ({@code local}: the
     * channel's getLocalAddress(), null while unbound). A {@link Stage#SKIPPED} row measured nothing; its state
     * says why.
     */
    public record Row(Family family, String socket, Stage stage, String state, InetSocketAddress local) {
        public boolean measured() {
            return stage != Stage.SKIPPED;
        }

        public InetAddress address() {
            return local == null ? null : local.getAddress();
        }

        public int port() {
            return local == null ? 0 : local.getPort();
        }

        public boolean portKnown() {
            return port() > 0;
        }

        public boolean addressKnown() {
            return address() != null && !address().isAnyLocalAddress();
        }

        public String addressText() {
            return address() == null ? "null" : address().getHostAddress();
        }
    }

    /** The whole table for this machine: IPv6 and dual-stack rows where IPv6 works, else a row saying why not. */
    public static List<Row> measure() throws IOException {
        var rows = new ArrayList<Row>();
        InetAddress other = otherLoopback();
        tcp(rows, Family.IPV4, StandardProtocolFamily.INET, WILDCARD4, LOOPBACK, other);
        udp(rows, Family.IPV4, StandardProtocolFamily.INET, WILDCARD4, other);
        String noIpv6 = ipv6Unavailable();
        if (noIpv6 != null) {
            rows.add(skipped(Family.IPV6, noIpv6));
            rows.add(skipped(Family.DUAL_STACK, noIpv6));
        } else {
            tcp(rows, Family.IPV6, StandardProtocolFamily.INET6, WILDCARD6, LOOPBACK6, LOOPBACK6);
            udp(rows, Family.IPV6, StandardProtocolFamily.INET6, WILDCARD6, LOOPBACK6);
            String noDualStack = dualStackUnavailable();
            if (noDualStack != null) {
                rows.add(skipped(Family.DUAL_STACK, noDualStack));
            } else {
                // INET6 sockets on ::, IPv4 peers: no "one address" rows, an INET6 socket's one address would be IPv6
                tcp(rows, Family.DUAL_STACK, StandardProtocolFamily.INET6, WILDCARD6, null, other);
                udp(rows, Family.DUAL_STACK, StandardProtocolFamily.INET6, WILDCARD6, other);
            }
        }
        // Why a row and not a measurement: neither StandardSocketOptions nor jdk.net.ExtendedSocketOptions has
        // IPV6_V6ONLY, and the JDK turns it off on every INET6 socket it creates, whatever the OS default.
        rows.add(skipped(
                Family.IPV6_ONLY,
                "Java has no IPV6_V6ONLY option and opens every INET6 socket with it off; "
                        + "on a v6-only socket the IPv6 rows would read the same, and IPv4 peers would be refused"));
        return rows;
    }

    // tag::tcp[]
    /**
     * TCP sockets of {@code pf}: a client bound to the wildcard, then connected to {@code dial} on a listener bound
     * to the wildcard; {@code one} (if not null) is an address to bind a second client and listener to.
     */
    private static void tcp(
            List<Row> rows, Family f, ProtocolFamily pf, InetAddress wildcard, InetAddress one, InetAddress dial)
            throws IOException {
        try (var client = SocketChannel.open(pf);
                var listener = ServerSocketChannel.open(pf)) {
            rows.add(of(f, "TCP", Stage.UNBOUND, "unbound", client));
            client.bind(new InetSocketAddress(wildcard, 0));
            rows.add(of(f, "TCP", Stage.BOUND_WILDCARD_PORT_ZERO, "bound to port 0 on " + text(wildcard), client));
            namedPort(rows, f, pf, wildcard);
            if (one != null) oneAddress(rows, f, pf, one);

            listener.bind(new InetSocketAddress(wildcard, 0)); // bind() of a ServerSocketChannel also listens
            rows.add(of(f, "TCP listener", Stage.LISTENING_WILDCARD, "listening on " + text(wildcard), listener));

            int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            client.connect(new InetSocketAddress(dial, port)); // the OS picks our address now
            try (SocketChannel accepted = acceptFrom(listener, client.getLocalAddress())) {
                rows.add(of(
                        f,
                        "TCP",
                        Stage.CONNECTED,
                        "connected to " + text(dial) + " (was bound to " + text(wildcard) + ")",
                        client));
                rows.add(of(
                        f,
                        "TCP",
                        Stage.ACCEPTED,
                        "accepted on the " + text(wildcard) + " listener; the client dialed " + text(dial),
                        accepted));
            }
        }
    }
    // end::tcp[]

    /**
     * A socket bound to the wildcard with a port of our choosing, not 0: it shows that the address stays unknown
     * however the port was settled. The port is one the OS just gave out and took back (bind to 0, close), so it
     * is free; if another program takes it in between, the next one is tried.
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
                rows.add(of(
                        f,
                        "TCP",
                        Stage.BOUND_WILDCARD_NAMED_PORT,
                        "bound to port " + port + " (named) on " + text(wildcard),
                        client));
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

    // tag::udp[]
    private static void udp(List<Row> rows, Family f, ProtocolFamily pf, InetAddress wildcard, InetAddress dial)
            throws IOException {
        try (var udp = DatagramChannel.open(pf)) {
            rows.add(of(f, "UDP", Stage.UNBOUND, "unbound", udp));
            udp.bind(new InetSocketAddress(wildcard, 0));
            rows.add(of(f, "UDP", Stage.BOUND_WILDCARD_PORT_ZERO, "bound to port 0 on " + text(wildcard), udp));
            udp.connect(new InetSocketAddress(dial, 9)); // no datagram leaves: connect() only chooses the route
            rows.add(of(f, "UDP", Stage.CONNECTED, "connected to " + text(dial) + " (nothing sent)", udp));
        }
    }
    // end::udp[]

    /**
     * Connects a UDP socket to a receiver on {@code target} and returns the local address the route gave it,
     * with the number of datagrams the receiver got: zero, since connect() sends nothing.
     */
    public record Route(InetAddress local, int datagramsReceived) {}

    // tag::udp-route[]
    public static Route udpRoute(InetAddress target) throws IOException {
        var family = target instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6;
        try (var receiver = DatagramChannel.open(family).bind(new InetSocketAddress(target, 0));
                var udp = DatagramChannel.open(family)) {
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
        return ipv6Unavailable() == null;
    }

    /** Null if an INET6 socket can bind ::1 here; else why not (no IPv6 in the kernel, or none on loopback). */
    static String ipv6Unavailable() {
        try (var s = ServerSocketChannel.open(StandardProtocolFamily.INET6)) {
            s.bind(new InetSocketAddress(LOOPBACK6, 0));
            return null;
        } catch (UnsupportedOperationException | IOException e) {
            return "IPv6 is not available here (an INET6 socket cannot bind ::1: " + e.getMessage() + ")";
        }
    }

    /**
     * Null if an IPv4 client reaches an INET6 listener on {@code ::} (the socket is dual-stack); else why not. Java
     * turns IPV6_V6ONLY off, but an OS may refuse mapped IPv4 traffic altogether (OpenBSD, for one).
     */
    static String dualStackUnavailable() {
        try (var listener = ServerSocketChannel.open(StandardProtocolFamily.INET6)
                        .bind(new InetSocketAddress(WILDCARD6, 0));
                var v4 = SocketChannel.open(StandardProtocolFamily.INET)) {
            v4.connect(new InetSocketAddress(LOOPBACK, ((InetSocketAddress) listener.getLocalAddress()).getPort()));
            acceptFrom(listener, v4.getLocalAddress()).close();
            return null;
        } catch (UnsupportedOperationException | IOException e) {
            return "this OS does not give IPv6 sockets IPv4 traffic (an IPv4 client could not reach a :: listener: "
                    + e.getMessage() + ")";
        }
    }

    /**
     * Accepts the connection from {@code client} (our own socket, already connected, so its connection is in the
     * queue), closing any other first. The table's listeners are bound to the wildcard, since that is the lesson,
     * so for a few milliseconds another machine could connect too: it gets a closed connection, never read from,
     * and its address never reaches the table.
     */
    static SocketChannel acceptFrom(ServerSocketChannel listener, SocketAddress client) throws IOException {
        while (true) {
            SocketChannel accepted = listener.accept();
            if (accepted.getRemoteAddress().equals(client)) return accepted;
            accepted.close();
        }
    }

    private static Row of(Family f, String socket, Stage stage, String state, NetworkChannel channel)
            throws IOException {
        SocketAddress local = channel.getLocalAddress(); // getsockname(); null while the channel is unbound
        return new Row(f, socket, stage, state, (InetSocketAddress) local);
    }

    private static Row skipped(Family f, String why) {
        return new Row(f, "TCP, UDP", Stage.SKIPPED, "not measured: " + why, null);
    }

    private static String text(InetAddress a) {
        return a.getHostAddress().equals("0:0:0:0:0:0:0:0")
                ? "::"
                : a.getHostAddress().equals("0:0:0:0:0:0:0:1") ? "::1" : a.getHostAddress();
    }

    /** The row's address as the table prints it: an IPv4 address, or an IPv6 one in brackets. */
    public static String format(Row r) {
        if (!r.measured()) return String.format("%-10s %-12s %s", r.family().label(), r.socket(), r.state());
        String a = r.address() instanceof Inet4Address || r.address() == null
                ? r.addressText()
                : "[" + r.addressText() + "]";
        return String.format(
                "%-10s %-12s %-62s %-18s %6d   port %s, address %s",
                r.family().label(),
                r.socket(),
                r.state(),
                a,
                r.port(),
                r.portKnown() ? "known" : "unknown",
                r.addressKnown() ? "known" : "unknown");
    }
}
