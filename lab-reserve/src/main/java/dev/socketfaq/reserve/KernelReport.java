package dev.socketfaq.reserve;

import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The kernel experiments in the order a container runs them, each printed as a {@code RESULT key=value ...} line
 * that the container test reads back: which namespace this is, where the OS-assigned ports landed, whether
 * explicit binds to the reserved ports succeed, probe-then-bind's collisions, and when the ephemeral range runs out.
 */
final class KernelReport {
    private KernelReport() {}

    /** What to run: the reserved ports (or the ports that would be), and how much of each experiment. */
    record Settings(List<Integer> reserved, boolean osAssignedOnly, int binds, int connects, int threads, int rounds) {}

    static void run(Settings s, PrintWriter out) throws Exception {
        // which namespace this is: the one with the reservation, or the control without it (same range, same binds)
        out.printf(
                "RESULT port-range=%s reserved-setting=%s%n",
                KernelExperiments.portRange(), KernelExperiments.reservedPorts());
        KernelExperiments.OsAssigned assigned = KernelExperiments.osAssignedPorts(s.binds(), s.connects());
        List<Integer> ports = assigned.all();
        out.printf(
                "RESULT os-assigned=%d reserved-hits=%d min=%d max=%d distinct=%s%n",
                ports.size(),
                hits(ports, s.reserved()),
                ports.stream().mapToInt(Integer::intValue).min().orElse(-1),
                ports.stream().mapToInt(Integer::intValue).max().orElse(-1),
                ports.stream().distinct().sorted().map(String::valueOf).collect(Collectors.joining(",")));
        // which parity each kind got (Linux gives bind(0) and connect() different ones), and how often each kind got
        // one of the reserved ports: in all, and port by port
        out.printf(
                "RESULT bind0=%d bind0-odd=%d bind0-hits=%d connect=%d connect-odd=%d connect-hits=%d%n",
                assigned.bound().size(),
                assigned.bound().stream().filter(p -> p % 2 == 1).count(),
                hits(assigned.bound(), s.reserved()),
                assigned.connected().size(),
                assigned.connected().stream().filter(p -> p % 2 == 1).count(),
                hits(assigned.connected(), s.reserved()));
        for (int port : s.reserved()) {
            out.printf(
                    "RESULT port-%d-bind0-hits=%d port-%d-connect-hits=%d%n",
                    port, hits(assigned.bound(), List.of(port)), port, hits(assigned.connected(), List.of(port)));
        }
        if (s.osAssignedOnly()) return;
        int inProcess = 5;
        int ok = 0;
        for (int port : s.reserved()) ok += KernelExperiments.explicitBinds(port, inProcess);
        List<String> other = KernelExperiments.explicitBindFromAnotherProcess(s.reserved());
        long otherOk = other.stream().filter(l -> l.startsWith("bound ")).count();
        out.printf(
                "RESULT explicit-binds=%d explicit-binds-ok=%d other-process-binds=%d other-process-binds-ok=%d%n",
                (inProcess + 1) * s.reserved().size(),
                ok + otherOk,
                s.reserved().size(),
                otherOk);
        out.println("the other process: " + String.join("; ", other));
        out.printf(
                "RESULT collisions-broken=%d collisions-fixed=%d claims=%d%n",
                KernelExperiments.collisions(Mode.BROKEN.create(), s.threads(), s.rounds()),
                KernelExperiments.collisions(Mode.FIXED.create(), s.threads(), s.rounds()),
                s.threads() * s.rounds());
        KernelExperiments.Exhaustion e = KernelExperiments.exhaustEphemeralPorts(1000);
        out.printf("RESULT exhausted-after=%d error=%s%n", e.connections(), e.error());
    }

    private static long hits(List<Integer> assigned, List<Integer> ports) {
        return assigned.stream().filter(ports::contains).count();
    }
}
