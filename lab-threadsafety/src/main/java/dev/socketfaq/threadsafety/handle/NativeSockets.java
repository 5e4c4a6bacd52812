package dev.socketfaq.threadsafety.handle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * Real OS descriptors, through the Foreign Function & Memory API: socket(), connect(), send(), close(), as a C
 * program calls them. A Java {@code Socket} hides its descriptor and cannot be re-pointed; these numbers can, because
 * the OS hands a closed number to the next socket (POSIX: the lowest number not in use). IPv4 only; Linux and macOS.
 * Needs native access ({@code --enable-native-access=ALL-UNNAMED}).
 */
public final class NativeSockets implements Descriptors {
    private static final boolean MAC =
            System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("mac");
    private static final int AF_INET = 2;
    private static final int SOCK_STREAM = 1;
    /** Linux: no SIGPIPE from send() to a closed peer, an EPIPE instead (the JVM ignores SIGPIPE on macOS). */
    private static final int MSG_NOSIGNAL = MAC ? 0 : 0x4000;

    /** Whether this OS has the POSIX calls used here. */
    public static boolean supported() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        return os.contains("linux") || MAC;
    }

    // tag::reuse[]
    /** The descriptor numbers of two sockets, the first closed before the second is created. */
    public static int[] socketCloseSocket() throws IOException {
        var os = new NativeSockets();
        int first = os.socket();
        os.close(first);
        int second = os.socket(); // the lowest free number: first's, unless another thread took it in between
        os.close(second);
        return new int[] {first, second};
    }
    // end::reuse[]

    /** A new, unconnected TCP socket's descriptor. */
    public int socket() throws IOException {
        try (var arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(Calls.CAPTURED);
            int fd = (int) Calls.SOCKET.invokeExact(errno, AF_INET, SOCK_STREAM, 0);
            if (fd < 0) throw failure("socket()", errno);
            return fd;
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("socket(): " + e, e);
        }
    }

    @Override
    public int connect(InetSocketAddress peer) throws IOException {
        if (!(peer.getAddress() instanceof Inet4Address address)) {
            throw new IOException("native connect: IPv4 only, not " + peer);
        }
        int fd = socket();
        try (var arena = Arena.ofConfined()) {
            MemorySegment sin = arena.allocate(16); // struct sockaddr_in, zeroed
            if (MAC) {
                sin.set(JAVA_BYTE, 0, (byte) 16); // sin_len
                sin.set(JAVA_BYTE, 1, (byte) AF_INET);
            } else {
                sin.set(JAVA_SHORT, 0, (short) AF_INET);
            }
            sin.set(JAVA_BYTE, 2, (byte) (peer.getPort() >> 8)); // network byte order
            sin.set(JAVA_BYTE, 3, (byte) peer.getPort());
            MemorySegment.copy(MemorySegment.ofArray(address.getAddress()), 0, sin, 4, 4);
            MemorySegment errno = arena.allocate(Calls.CAPTURED);
            int result = (int) Calls.CONNECT.invokeExact(errno, fd, sin, 16);
            if (result != 0) {
                IOException e = failure("connect(" + peer + ")", errno);
                close(fd);
                throw e;
            }
            return fd;
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            close(fd);
            throw new IOException("connect(): " + e, e);
        }
    }

    @Override
    public void send(int descriptor, byte[] data) throws IOException {
        try (var arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocateFrom(JAVA_BYTE, data);
            MemorySegment errno = arena.allocate(Calls.CAPTURED);
            // the kernel looks the number up in this process's table now: whatever socket holds it receives the bytes
            long sent = (long) Calls.SEND.invokeExact(errno, descriptor, buffer, (long) data.length, MSG_NOSIGNAL);
            if (sent < 0) throw failure("send(" + descriptor + ")", errno);
            if (sent != data.length) throw new IOException("send(" + descriptor + "): " + sent + " of " + data.length);
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("send(): " + e, e);
        }
    }

    @Override
    public void close(int descriptor) throws IOException {
        try (var arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(Calls.CAPTURED);
            if ((int) Calls.CLOSE.invokeExact(errno, descriptor) != 0)
                throw failure("close(" + descriptor + ")", errno);
        } catch (IOException e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException("close(): " + e, e);
        }
    }

    private static IOException failure(String call, MemorySegment captured) throws Throwable {
        int errno = (int) Calls.ERRNO.get(captured, 0L);
        var text = (MemorySegment) Calls.STRERROR.invokeExact(errno);
        return new IOException(call + ": " + text.reinterpret(256).getString(0) + " (errno " + errno + ")");
    }

    /** The native calls, looked up on first use: on a system without them, only {@link #supported()} is safe. */
    private static final class Calls {
        private static final Linker LINKER = Linker.nativeLinker();
        private static final StructLayout CAPTURED = Linker.Option.captureStateLayout();
        private static final VarHandle ERRNO = CAPTURED.varHandle(MemoryLayout.PathElement.groupElement("errno"));
        private static final MethodHandle SOCKET =
                call("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
        private static final MethodHandle CONNECT =
                call("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
        private static final MethodHandle SEND =
                call("send", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
        private static final MethodHandle CLOSE = call("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        private static final MethodHandle STRERROR = LINKER.downcallHandle(
                LINKER.defaultLookup().find("strerror").orElseThrow(), FunctionDescriptor.of(ADDRESS, JAVA_INT));

        private static MethodHandle call(String name, FunctionDescriptor descriptor) {
            return LINKER.downcallHandle(
                    LINKER.defaultLookup().find(name).orElseThrow(),
                    descriptor,
                    Linker.Option.captureCallState("errno"));
        }
    }
}
