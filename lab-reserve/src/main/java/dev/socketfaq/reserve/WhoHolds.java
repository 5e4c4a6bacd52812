package dev.socketfaq.reserve;

import dev.socketfaq.kit.PortHolders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
        List<PortHolders.Holder> holders = PortHolders.processesHolding(inodes);
        return holders.isEmpty()
                ? "port " + port + " is held over UDP by another user's process (only that user or root can see which)"
                : "port " + port + " is held by " + holders.getFirst() + " over UDP";
    }
}
