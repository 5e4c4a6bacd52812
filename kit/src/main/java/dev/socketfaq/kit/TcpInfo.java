package dev.socketfaq.kit;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One TCP socket's own counters and timers, as its kernel keeps them: Linux {@code getsockopt(fd, IPPROTO_TCP,
 * TCP_INFO)}, called through the FFM API, no privileges needed. Segment counts belong to this connection alone,
 * unlike the system-wide {@code /proc/net/snmp}, which every other connection of the machine moves too.
 *
 * <p>Java does not hand out a socket's descriptor, so the socket is found the way {@code ss -p} finds it: among
 * this process's descriptors ({@code /proc/self/fd}), the one whose {@code getsockname} and {@code getpeername}
 * are the Java socket's local and remote addresses. A connected TCP socket is the only one in the process with its
 * address pair (the other end of a loopback connection has the pair reversed). That needs no {@code --add-opens}
 * into the JDK's internals, and the other end of a loopback connection can be read too when it lives in the same
 * process (a test's server): {@link #ofPeer(SocketChannel)}. The caller keeps the socket open while it is read.
 *
 * <p>Elsewhere (Windows, macOS) {@link #unavailable()} says why, and every read throws
 * {@link UnsupportedOperationException} with that reason.
 *
 * @param atoMicros the delayed-ACK timeout, microseconds, the kernel applies now to data this socket receives
 *     ({@code tcpi_ato})
 * @param sndMss the largest segment this socket sends: a "full segment" ({@code tcpi_snd_mss})
 * @param unacked segments sent and not yet acknowledged ({@code tcpi_unacked})
 * @param rttMicros smoothed round-trip time, microseconds ({@code tcpi_rtt})
 * @param segsOut segments sent, data and pure ACKs ({@code tcpi_segs_out})
 * @param segsIn segments received ({@code tcpi_segs_in})
 * @param dataSegsOut segments sent that carried data ({@code tcpi_data_segs_out})
 * @param dataSegsIn segments received that carried data ({@code tcpi_data_segs_in})
 */
public record TcpInfo(
        long atoMicros,
        int sndMss,
        int unacked,
        long rttMicros,
        long segsOut,
        long segsIn,
        long dataSegsOut,
        long dataSegsIn) {

    private static final int IPPROTO_TCP = 6;
    private static final int TCP_MAXSEG = 2;
    private static final int TCP_INFO = 11;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int TCP_INFO_SIZE = 232; // struct tcp_info up to tcpi_snd_wnd (linux/tcp.h)
    private static final int NEEDED = 160; // up to tcpi_data_segs_out: Linux 4.6 and later

    /** The delayed-ACK timeout in milliseconds. */
    public double atoMs() {
        return atoMicros / 1000.0;
    }

    /** Why TCP_INFO cannot be read here, or empty where it can. */
    public static Optional<String> unavailable() {
        return Optional.ofNullable(Native.UNAVAILABLE);
    }

    /** This socket's counters. */
    public static TcpInfo of(SocketChannel channel) throws IOException {
        return of(channel.getLocalAddress(), channel.getRemoteAddress());
    }

    /** This socket's counters. */
    public static TcpInfo of(Socket socket) throws IOException {
        return of(socket.getLocalSocketAddress(), socket.getRemoteSocketAddress());
    }

    /** The counters of the other end of {@code channel}'s connection, which must live in this process. */
    public static TcpInfo ofPeer(SocketChannel channel) throws IOException {
        return of(channel.getRemoteAddress(), channel.getLocalAddress());
    }

    /**
     * Limits the segments {@code socket} sends and is sent to {@code bytes} ({@code TCP_MAXSEG}); call it after
     * {@code bind} and before {@code connect}, when the connection's MSS is agreed. Lets a test send "full
     * segments" of a size the lab's frames can carry, on loopback whose segments are otherwise about 64 KiB.
     */
    public static void limitSegmentSize(Socket socket, int bytes) throws IOException {
        if (!socket.isBound() || socket.isConnected()) {
            throw new IllegalStateException("TCP_MAXSEG is set between bind and connect");
        }
        try (var arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocateFrom(ValueLayout.JAVA_INT, bytes);
            MemorySegment errno = arena.allocate(Native.CAPTURED);
            int fd = Native.find(socket.getLocalSocketAddress(), null);
            int rc = (int) Native.call(Native.SETSOCKOPT, errno, fd, IPPROTO_TCP, TCP_MAXSEG, value, 4);
            Native.check(rc, errno, "setsockopt(TCP_MAXSEG)");
        }
    }

    private static TcpInfo of(SocketAddress local, SocketAddress remote) throws IOException {
        Objects.requireNonNull(remote, "the socket is not connected");
        try (var arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(TCP_INFO_SIZE, 8);
            MemorySegment length = arena.allocateFrom(ValueLayout.JAVA_INT, TCP_INFO_SIZE);
            MemorySegment errno = arena.allocate(Native.CAPTURED);
            int fd = Native.find(local, remote);
            int rc = (int) Native.call(Native.GETSOCKOPT, errno, fd, IPPROTO_TCP, TCP_INFO, info, length);
            Native.check(rc, errno, "getsockopt(TCP_INFO)");
            if (length.get(ValueLayout.JAVA_INT, 0) < NEEDED) {
                throw new UnsupportedOperationException("this kernel's TCP_INFO has no per-socket segment counts");
            }
            return new TcpInfo(
                    u32(info, 12), // tcpi_ato
                    (int) u32(info, 16), // tcpi_snd_mss
                    (int) u32(info, 24), // tcpi_unacked
                    u32(info, 68), // tcpi_rtt
                    u32(info, 136), // tcpi_segs_out
                    u32(info, 140), // tcpi_segs_in
                    u32(info, 156), // tcpi_data_segs_out
                    u32(info, 152)); // tcpi_data_segs_in
        }
    }

    private static long u32(MemorySegment struct, long offset) {
        return Integer.toUnsignedLong(struct.get(ValueLayout.JAVA_INT, offset));
    }

    /** The libc calls, looked up once; {@code UNAVAILABLE} names why they cannot be used on this OS. */
    private static final class Native {
        static final StructLayout CAPTURED = Linker.Option.captureStateLayout();
        static final VarHandle ERRNO = CAPTURED.varHandle(PathElement.groupElement("errno"));
        static final String UNAVAILABLE;
        static final MethodHandle GETSOCKOPT;
        static final MethodHandle SETSOCKOPT;
        static final MethodHandle GETSOCKNAME;
        static final MethodHandle GETPEERNAME;

        static {
            String os = System.getProperty("os.name", "unknown");
            if (!os.toLowerCase(Locale.ROOT).contains("linux")) {
                UNAVAILABLE = "TCP_INFO with per-socket segment counts is Linux's; not available on " + os;
            } else if (!Files.isDirectory(Path.of("/proc/self/fd"))) {
                UNAVAILABLE = "no /proc/self/fd to find a socket's descriptor in";
            } else {
                UNAVAILABLE = null;
            }
            if (UNAVAILABLE == null) {
                Linker linker = Linker.nativeLinker();
                var errno = Linker.Option.captureCallState("errno");
                var intsAndPointers = FunctionDescriptor.of(
                        ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT,
                        ValueLayout.ADDRESS,
                        ValueLayout.ADDRESS);
                var setsockopt = FunctionDescriptor.of(
                        ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT,
                        ValueLayout.ADDRESS,
                        ValueLayout.JAVA_INT);
                var name = FunctionDescriptor.of(
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS);
                var libc = linker.defaultLookup();
                GETSOCKOPT = linker.downcallHandle(libc.findOrThrow("getsockopt"), intsAndPointers, errno);
                SETSOCKOPT = linker.downcallHandle(libc.findOrThrow("setsockopt"), setsockopt, errno);
                GETSOCKNAME = linker.downcallHandle(libc.findOrThrow("getsockname"), name);
                GETPEERNAME = linker.downcallHandle(libc.findOrThrow("getpeername"), name);
            } else {
                GETSOCKOPT = SETSOCKOPT = GETSOCKNAME = GETPEERNAME = null;
            }
        }

        static Object call(MethodHandle handle, Object... args) throws IOException {
            if (UNAVAILABLE != null) throw new UnsupportedOperationException(UNAVAILABLE);
            try {
                return handle.invokeWithArguments(args);
            } catch (RuntimeException | Error | IOException e) {
                throw e;
            } catch (Throwable e) {
                throw new IOException(e);
            }
        }

        static void check(int rc, MemorySegment errno, String what) throws IOException {
            if (rc != 0) throw new IOException(what + " failed, errno " + (int) ERRNO.get(errno, 0L));
        }

        // tag::find[]
        /** The descriptor of this process whose socket has these addresses ({@code remote} null: not connected). */
        static int find(SocketAddress local, SocketAddress remote) throws IOException {
            if (UNAVAILABLE != null) throw new UnsupportedOperationException(UNAVAILABLE);
            try (var arena = Arena.ofConfined();
                    DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
                MemorySegment address = arena.allocate(128, 8); // sockaddr_storage
                MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
                for (Path link : fds) {
                    if (!readLink(link).startsWith("socket:")) continue;
                    int fd = Integer.parseInt(link.getFileName().toString());
                    if (local.equals(name(GETSOCKNAME, fd, address, length))
                            && Objects.equals(remote, name(GETPEERNAME, fd, address, length))) {
                        return fd;
                    }
                }
            }
            throw new IOException("no socket " + local + " -> " + remote + " among this process's descriptors");
        }
        // end::find[]

        private static String readLink(Path link) {
            try {
                return Files.readSymbolicLink(link).toString();
            } catch (IOException e) {
                return ""; // closed meanwhile
            }
        }

        /** getsockname/getpeername as a Java address; null when the call fails (not connected, not a socket). */
        private static InetSocketAddress name(MethodHandle call, int fd, MemorySegment address, MemorySegment length)
                throws IOException {
            length.set(ValueLayout.JAVA_INT, 0, (int) address.byteSize());
            if ((int) call(call, fd, address, length) != 0) return null;
            int family = address.get(ValueLayout.JAVA_SHORT, 0);
            int port = ((address.get(ValueLayout.JAVA_BYTE, 2) & 0xff) << 8)
                    | (address.get(ValueLayout.JAVA_BYTE, 3) & 0xff);
            byte[] ip;
            if (family == AF_INET) {
                ip = address.asSlice(4, 4).toArray(ValueLayout.JAVA_BYTE);
            } else if (family == AF_INET6) {
                ip = address.asSlice(8, 16).toArray(ValueLayout.JAVA_BYTE);
            } else {
                return null;
            }
            return new InetSocketAddress(InetAddress.getByAddress(ip), port); // ::ffff:a.b.c.d becomes a.b.c.d
        }
    }
}
