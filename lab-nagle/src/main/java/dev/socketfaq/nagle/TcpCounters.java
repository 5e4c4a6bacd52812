package dev.socketfaq.nagle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads the kernel's count of TCP segments sent ({@code OutSegs} in {@code /proc/net/snmp}), Linux only.
 * It counts every segment of this network namespace: on loopback both ends of a connection, data and
 * pure ACKs alike. Measure over many requests so background traffic disappears in the average.
 */
public final class TcpCounters {
    private static final Path SNMP = Path.of("/proc/net/snmp");

    private TcpCounters() {}

    /** Segments sent so far, or empty where the OS has no {@code /proc/net/snmp}. */
    public static OptionalLong segmentsSent() {
        if (!Files.isReadable(SNMP)) {
            return OptionalLong.empty();
        }
        try {
            List<String> tcp = Files.readAllLines(SNMP).stream()
                    .filter(l -> l.startsWith("Tcp:"))
                    .toList();
            List<String> names = Arrays.asList(tcp.get(0).split("\\s+"));
            String[] values = tcp.get(1).split("\\s+");
            return OptionalLong.of(Long.parseLong(values[names.indexOf("OutSegs")]));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
