package dev.socketfaq.reserve;

import dev.socketfaq.kit.PortHolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * "Who holds this port now", TCP and UDP: {@link PortHolders} answers for TCP; UDP sockets are read here from
 * Linux's /proc/net/udp and udp6, which list every bound UDP socket, then the process whose /proc/PID/fd links to
 * socket:[inode]. A port is a number per protocol: a UDP socket on 5000 does not stop a TCP bind to 5000.
 */
public final class WhoHolds {
    private WhoHolds() {}

    public static boolean supported() {
        return PortHolders.supported();
    }

    /** "port 5000 is held by pid 42 (java ...) over UDP", the TCP answer, both, or "nobody holds port 5000 ...". */
    public static String describe(int port) {
        String tcp = PortHolders.describe(port);
        if (!supported()) return tcp; // says why it cannot tell
        String udp;
        try {
            udp = udp(port);
        } catch (IOException e) {
            return tcp + "; UDP: cannot read /proc: " + e.getMessage();
        }
        boolean nobodyOverTcp = tcp.equals("nobody holds port " + port);
        if (udp.isEmpty()) return nobodyOverTcp ? "nobody holds port " + port + " (TCP or UDP)" : tcp;
        return nobodyOverTcp ? udp : tcp + "; " + udp;
    }

    /** What holds {@code port} over UDP, or empty if no UDP socket is bound to it. */
    static String udp(int port) throws IOException {
        Set<String> inodes = new HashSet<>();
        for (String table : List.of("/proc/net/udp", "/proc/net/udp6")) {
            Path p = Path.of(table);
            if (!Files.isReadable(p)) continue;
            List<String> lines = Files.readAllLines(p); // read once: the table changes between two reads
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                int localPort = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16); // "0100007F:1388"
                if (localPort == port) inodes.add(f[9]);
            }
        }
        if (inodes.isEmpty()) return "";
        List<String> holders = processesHolding(inodes);
        return holders.isEmpty()
                ? "port " + port + " is held over UDP by another user's process (only that user or root can see which)"
                : "port " + port + " is held by " + holders.getFirst() + " over UDP";
    }

    private static List<String> processesHolding(Set<String> inodes) throws IOException {
        List<String> holders = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .toList()) {
                if (holdsAny(proc, inodes)) holders.add("pid " + proc.getFileName() + " (" + command(proc) + ")");
            }
        }
        return holders;
    }

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
}
