package dev.socketfaq.kit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * "Who holds this port now": the process (pid and command) that has a TCP socket bound to a port, read from
 * Linux's /proc: the socket's inode from /proc/net/tcp and tcp6, then the process whose /proc/PID/fd links to
 * socket:[inode]. Other processes' descriptors are visible only to their owner or root.
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
    /** The processes with a TCP socket bound to {@code port}; throws where the OS has no /proc. */
    public static List<Holder> of(int port) throws IOException {
        if (!supported()) {
            throw new UnsupportedOperationException("who-holds reads Linux's /proc: not supported on " + System.getProperty("os.name"));
        }
        Set<String> inodes = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.isReadable(p)) continue;
            List<String> lines = Files.readAllLines(p); // read once: the table changes between two reads
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                int localPort = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16); // "0100007F:1F90"
                if (localPort == port && !f[9].equals("0")) inodes.add(f[9]);
            }
        }
        List<Holder> holders = new ArrayList<>();
        if (inodes.isEmpty()) return holders;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                if (holdsAny(proc, inodes)) {
                    holders.add(new Holder(Long.parseLong(proc.getFileName().toString()), command(proc)));
                }
            }
        }
        return holders;
    }
    // end::who-holds[]

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
            String cmd = Files.readString(proc.resolve("cmdline")).replaceAll("[\\x00-\\x1f]+", " ").strip(); // NULs, and newlines in arguments: one line
            return cmd.length() > 120 ? cmd.substring(0, 117) + "..." : cmd;
        } catch (IOException e) {
            return "?";
        }
    }

    /** "port 8080 is held by pid 123 (nginx: master)" or "nobody holds port 8080". */
    public static String describe(int port) {
        try {
            List<Holder> h = of(port);
            return h.isEmpty() ? "nobody holds port " + port + " (or its holder is another user's process)"
                    : String.format(Locale.ROOT, "port %d is held by %s", port, h.get(0));
        } catch (UnsupportedOperationException e) {
            return e.getMessage();
        } catch (IOException e) {
            return "cannot read /proc: " + e.getMessage();
        }
    }
}
