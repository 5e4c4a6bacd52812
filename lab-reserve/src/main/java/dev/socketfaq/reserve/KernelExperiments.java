package dev.socketfaq.reserve;

import dev.socketfaq.kit.Connect;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the kernel's port settings do and do not do. Run inside a network namespace whose settings the test
 * chose (a container with {@code net.ipv4.ip_local_reserved_ports} and a narrow {@code ip_local_port_range}):
 * the experiments change nothing on the host.
 */
public final class KernelExperiments {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private KernelExperiments() {}

    /** Ports the OS assigned, kept apart by how they were asked for: Linux gives bind(0) and connect() different parities. */
    public record OsAssigned(List<Integer> bound, List<Integer> connected) {
        public List<Integer> all() {
            var all = new ArrayList<>(bound);
            all.addAll(connected);
            return all;
        }
    }

    /**
     * Ports the OS assigned: {@code binds} binds to port 0 (one after another) and {@code connects} connections
     * without a bind (held together, then closed: closed ones would linger in TIME_WAIT in a narrow range).
     */
    public static OsAssigned osAssignedPorts(int binds, int connects) throws IOException {
        List<Integer> bound = new ArrayList<>();
        List<Integer> connected = new ArrayList<>();
        for (int i = 0; i < binds; i++) {
            try (var ch = ServerSocketChannel.open()) {
                // Without SO_REUSEADDR (which a ServerSocketChannel sets on Linux): with it, Linux's bind(0) searches
                // the lower half of the range first and never reaches a reserved port above it: zero hits would prove
                // nothing.
                ch.setOption(StandardSocketOptions.SO_REUSEADDR, false);
                ch.bind(new InetSocketAddress(LOOPBACK, 0));
                bound.add(((InetSocketAddress) ch.getLocalAddress()).getPort());
            }
        }
        List<Socket> open = new ArrayList<>();
        try (var listener = ServerSocketChannel.open()) {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, false);
            listener.bind(new InetSocketAddress(LOOPBACK, 0), connects + 1);
            bound.add(((InetSocketAddress) listener.getLocalAddress()).getPort());
            for (int i = 0; i < connects; i++) {
                var s = Connect.socket(address(listener), Connect.Setup.NONE); // no bind: the OS picks the local port
                open.add(s);
                connected.add(s.getLocalPort());
            }
        } finally {
            for (Socket s : open) s.close();
        }
        return new OsAssigned(bound, connected);
    }

    /**
     * Explicit binds to {@code port}, {@code times} in a row (each closed before the next, so each finds the port
     * free): how many succeeded. The reserved range does not stop one of them.
     */
    public static int explicitBinds(int port, int times) {
        int succeeded = 0;
        for (int i = 0; i < times; i++) {
            try (var ch = ServerSocketChannel.open()) {
                ch.bind(new InetSocketAddress(LOOPBACK, port));
                succeeded++;
            } catch (IOException e) {
                // counted as failed: the figure says how many of the binds got the port
            }
        }
        return succeeded;
    }

    /**
     * Explicit binds to {@code ports} from another process (a second JVM in the same namespace, with this one's
     * class path), one after another: the reserved range is not a reservation by this program either, it is nobody's.
     * Returns what the other process printed, a line a port: "bound ..." or why not.
     */
    public static List<String> explicitBindFromAnotherProcess(List<Integer> ports)
            throws IOException, InterruptedException {
        String javaCommand =
                Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = new ArrayList<>(List.of(
                javaCommand,
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                BindOnce.class.getName()));
        ports.forEach(p -> command.add(String.valueOf(p)));
        var child = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            // wait first, read after: a child that hangs cannot hold us in a read (its few lines fit the pipe)
            if (!child.waitFor(60, TimeUnit.SECONDS)) return List.of("no answer within 60 s");
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            List<String> lines = new ArrayList<>(output.lines().toList());
            if (child.exitValue() != 0) lines.add("exit " + child.exitValue());
            return lines;
        } finally {
            child.destroyForcibly();
        }
    }

    /** The other process of {@link #explicitBindFromAnotherProcess}: binds loopback:PORT once for each PORT, says how each went, exits 0 (or 1). */
    public static final class BindOnce {
        private BindOnce() {}

        public static void main(String[] args) {
            int failed = 0;
            for (String port : args) {
                try (var ch = ServerSocketChannel.open()) {
                    ch.bind(new InetSocketAddress(LOOPBACK, Integer.parseInt(port)));
                    System.out.println("bound " + ch.getLocalAddress());
                } catch (IOException | RuntimeException e) {
                    System.out.println("failed: " + e);
                    failed++;
                }
            }
            System.exit(failed == 0 ? 0 : 1);
        }
    }

    /** Opens outgoing connections, holding each, until the OS refuses; returns how many it got and why it stopped. */
    public static Exhaustion exhaustEphemeralPorts(int max) throws IOException {
        List<Socket> open = new ArrayList<>();
        try (var listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(LOOPBACK, 0), max + 1);
            for (int i = 0; i < max; i++) {
                try {
                    open.add(Connect.socket(address(listener), Connect.Setup.NONE));
                } catch (IOException e) {
                    // the OS says only "Cannot assign requested address" (EADDRNOTAVAIL): name what ran out
                    Throwable cause = e.getCause() != null ? e.getCause() : e; // Connect names the address around it
                    return new Exhaustion(
                            i,
                            (cause instanceof BindException
                                            ? "no ephemeral port left after " + i
                                                    + " connections (net.ipv4.ip_local_port_range " + portRange()
                                                    + "): "
                                            : "connection " + (i + 1) + " failed: ")
                                    + cause.getMessage());
                }
            }
            return new Exhaustion(max, "no failure within " + max + " connections");
        } finally {
            for (Socket s : open) s.close();
        }
    }

    /** "40000-40009": the ephemeral range of this network namespace, as /proc shows it. */
    static String portRange() {
        String value = sysctl("ip_local_port_range");
        return value.startsWith("unknown: ") ? value : value.replaceAll("\\s+", "-");
    }

    /**
     * "40005", or "none": the reserved ports of this network namespace, as /proc shows them. The experiment prints it,
     * so a run says which namespace it measured: the one with the reservation, or the control without it. One word
     * (a RESULT field): "40005,40007-40009" as Linux writes it, or "unknown:..." when /proc cannot be read.
     */
    public static String reservedPorts() {
        String value = sysctl("ip_local_reserved_ports");
        return value.isEmpty() ? "none" : value.replaceAll("\\s+", "_");
    }

    private static String sysctl(String name) {
        // Not Files.readString: it may read this file in pieces, and a sysctl file read from a later offset says end
        // of file; one large read gets all of "40000\t40009".
        try (var in = Files.newInputStream(Path.of("/proc/sys/net/ipv4", name))) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return "unknown: " + e.getMessage();
        }
    }

    private static void awaitQuietly(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("claimants out of step", e);
        }
    }

    public record Exhaustion(int connections, String error) {}

    private static InetSocketAddress address(ServerSocketChannel listener) throws IOException {
        return (InetSocketAddress) listener.getLocalAddress();
    }

    /**
     * {@code threads} claimants, {@code rounds} times all at once, each claiming a port with {@code claimer} and
     * holding it until the round ends; returns the number of failed claims (collisions). Between choosing a port
     * and using it, each claimant waits until every claimant has chosen: the shape of parallel test fixtures that
     * all "find a free port" first and start their servers after.
     */
    public static int collisions(PortClaimer claimer, int threads, int rounds) throws Exception {
        var failures = new AtomicInteger();
        var start = new CyclicBarrier(threads);
        var allChosen = new CyclicBarrier(threads);
        var end = new CyclicBarrier(threads);
        try (var pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                tasks.add(pool.submit(() -> {
                    for (int r = 0; r < rounds; r++) {
                        start.await(10, TimeUnit.SECONDS);
                        ServerSocketChannel held = null;
                        try {
                            held = claimer.claim(port -> awaitQuietly(allChosen));
                        } catch (IOException e) {
                            failures.incrementAndGet(); // "Address already in use": someone took our number
                        }
                        end.await(10, TimeUnit.SECONDS);
                        if (held != null) held.close();
                    }
                    return null;
                }));
            }
            for (Future<?> f : tasks) f.get(60, TimeUnit.SECONDS);
        }
        return failures.get();
    }
}
