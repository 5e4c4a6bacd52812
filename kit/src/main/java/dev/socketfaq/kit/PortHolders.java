package dev.socketfaq.kit;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * "Who holds this port now": the process (pid and command) that has a TCP socket bound to a port, read from
 * Linux's /proc: the socket's inode from /proc/net/tcp and tcp6, then the process whose /proc/PID/fd links to
 * socket:[inode]. Other processes' descriptors are visible only to their owner or root. Those tables list
 * listening and connected sockets only: a socket that is bound and nothing more is in neither, so when they show
 * nobody, {@link #describe} asks the kernel by trying to bind the port itself.
 *
 * <p>Shared by the labs that answer "port taken" with the name of the taker: lab-reserve's who-holds and
 * lab-server-port's agreed-port conflict message.
 */
public final class PortHolders {
    private PortHolders() {}

    /** A process holding a port. */
    public record Holder(long pid, String command) {
        @Override
        public String toString() {
            return "pid " + pid + " (" + command + ")";
        }
    }

    public static boolean supported() {
        return Files.isReadable(Path.of("/proc/net/tcp"));
    }

    // tag::who-holds[]
    /**
     * The processes with a TCP socket listening or connected on {@code port}; throws where the OS has no /proc.
     * A socket that is only bound is not among them (see {@link #describe}).
     */
    public static List<Holder> of(int port) throws IOException {
        return processesHolding(scan(port).inodes());
    }

    /** What /proc/net/tcp{,6} show on one local port: sockets open in a process, and whether closing connections remain. */
    private record Scan(Set<String> inodes, boolean closing) {}

    private static Scan scan(int port) throws IOException {
        if (!supported()) {
            throw new UnsupportedOperationException(
                    "who-holds reads Linux's /proc: not supported on " + System.getProperty("os.name"));
        }
        Set<String> inodes = new HashSet<>();
        boolean closing = false;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.isReadable(p)) continue;
            List<String> lines = Files.readAllLines(p); // read once: the table changes between two reads
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                int localPort = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16); // "0100007F:1F90"
                if (localPort != port) continue;
                if (f[9].equals("0")) closing = true; // inode 0: no process's descriptor (TIME_WAIT, an orphan)
                else inodes.add(f[9]);
            }
        }
        return new Scan(inodes, closing);
    }
    // end::who-holds[]

    /** The processes with a descriptor on one of these socket inodes ({@code /proc/net/*}'s inode column). */
    public static List<Holder> processesHolding(Set<String> inodes) throws IOException {
        List<Holder> holders = new ArrayList<>();
        if (inodes.isEmpty()) return holders;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .toList()) {
                if (holdsAny(proc, inodes)) {
                    holders.add(new Holder(Long.parseLong(proc.getFileName().toString()), command(proc)));
                }
            }
        }
        return holders;
    }

    // tag::bound-only[]
    /**
     * Why a bind to {@code port} fails, or empty if it succeeds. The one way to see a socket that is bound but
     * neither listening nor connected (the FAQ's "Reserving a port": bind() alone reserves), which /proc/net/tcp
     * never lists: it shows the kernel's listening and connection tables, not its table of bound ports.
     */
    static Optional<IOException> bindFails(int port) {
        try (var probe = SocketChannel.open()) {
            // No SO_REUSEADDR: with it, Linux lets two sockets share a port while neither listens, and the probe would
            // miss the very socket it looks for. The wildcard address conflicts with a binding of the port to any
            // local address, IPv4 or IPv6 (the channel is dual-stack), so one probe covers loopback and the rest.
            probe.setOption(StandardSocketOptions.SO_REUSEADDR, false);
            probe.bind(new InetSocketAddress(port));
            return Optional.empty(); // closed at once: the probe held the port for microseconds
        } catch (IOException e) {
            return Optional.of(e);
        }
    }
    // end::bound-only[]

    private static boolean holdsAny(Path proc, Set<String> inodes) {
        try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString(); // "socket:[12345]"
                    return target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1));
                } catch (IOException e) {
                    return false; // closed meanwhile
                }
            });
        } catch (IOException | SecurityException e) {
            return false; // another user's process, or gone
        }
    }

    private static String command(Path proc) {
        try {
            String cmd = Files.readString(proc.resolve("cmdline"))
                    .replaceAll("[\\x00-\\x1f]+", " ")
                    .strip(); // NULs, and newlines in arguments: one line
            return cmd.length() > 120 ? cmd.substring(0, 117) + "..." : cmd;
        } catch (IOException e) {
            return "?";
        }
    }

    /**
     * "port 8080 is held by pid 123 (nginx: master)", "port 8080 is bound by a socket that is not listening ...", or
     * "nobody holds port 8080". Never "nobody" for a port that is bound: when /proc names no process, a test bind
     * asks the kernel itself.
     */
    public static String describe(int port) {
        try {
            Scan scan = scan(port);
            List<Holder> h = processesHolding(scan.inodes());
            if (!h.isEmpty()) return String.format(Locale.ROOT, "port %d is held by %s", port, h.get(0));
            if (!scan.inodes().isEmpty()) {
                return "port " + port + " is held by another user's process (only that user or root can see which)";
            }
            Optional<IOException> bindFailure = bindFails(port);
            if (bindFailure.isPresent()) {
                IOException e = bindFailure.get();
                if (!(e instanceof BindException) || !"Address already in use".equals(e.getMessage())) {
                    // "Permission denied" below port 1024 without the privilege: the kernel refuses before it looks
                    return "no process has port " + port
                            + " listening or connected; whether a socket is only bound to it, "
                            + "a test bind could not tell (" + e.getMessage() + ")";
                }
                return scan.closing()
                        ? "port " + port
                                + " is in use by closing connections (TIME_WAIT: the kernel holds them, no process)"
                                + " or by a socket that is bound but not listening"
                        : "port " + port
                                + " is bound by a socket that is not listening (bind() without listen() or connect();"
                                + " /proc/net/tcp does not list those, so no pid can be named)";
            }
            return "nobody holds port " + port;
        } catch (UnsupportedOperationException e) {
            return e.getMessage();
        } catch (IOException e) {
            return "cannot read /proc: " + e.getMessage();
        }
    }
}
