package dev.socketfaq.getsockname;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * This machine's loopback addresses and what it can do with them, asked rather than assumed: a second loopback
 * address (Linux has all of 127.0.0.0/8, macOS one), IPv6, dual-stack sockets. Also the one guard the lab's
 * wildcard listeners need: accept only our own client.
 */
public final class Loopback {
    public static final InetAddress LOOPBACK = InetAddress.ofLiteral("127.0.0.1");
    public static final InetAddress OTHER_LOOPBACK = InetAddress.ofLiteral("127.0.0.2");
    public static final InetAddress LOOPBACK6 = InetAddress.ofLiteral("::1");
    public static final InetAddress WILDCARD4 = InetAddress.ofLiteral("0.0.0.0");
    public static final InetAddress WILDCARD6 = InetAddress.ofLiteral("::");

    private Loopback() {}

    /**
     * A second local address to dial: 127.0.0.2 where the OS treats all of 127.0.0.0/8 as local (Linux), or
     * 127.0.0.1 again where it does not (macOS and Windows, without an alias): then the lab has one address.
     */
    public static InetAddress other() {
        return multipleAddresses() ? OTHER_LOOPBACK : LOOPBACK;
    }

    /** Whether this OS answers on 127.0.0.2 without configuration (Linux does; macOS needs an alias). */
    public static boolean multipleAddresses() {
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
     * queue), closing any other first. A listener bound to the wildcard is open to every network: another
     * machine's connection is closed, never read from, and its address goes nowhere.
     */
    static SocketChannel acceptFrom(ServerSocketChannel listener, SocketAddress client) throws IOException {
        while (true) {
            SocketChannel accepted = listener.accept();
            if (accepted.getRemoteAddress().equals(client)) return accepted;
            accepted.close();
        }
    }
}
