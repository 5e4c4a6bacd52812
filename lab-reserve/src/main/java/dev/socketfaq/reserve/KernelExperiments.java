package dev.socketfaq.reserve;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
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

    /**
     * Ports the OS assigned: {@code binds} binds to port 0 (one after another) and {@code connects} connections
     * without a bind (held together, then closed: closed ones would linger in TIME_WAIT in a narrow range).
     */
    public static List<Integer> osAssignedPorts(int binds, int connects) throws IOException {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < binds; i++) {
            try (var ch = ServerSocketChannel.open()) {
                ch.bind(new InetSocketAddress(LOOPBACK, 0));
                ports.add(((InetSocketAddress) ch.getLocalAddress()).getPort());
            }
        }
        List<Socket> open = new ArrayList<>();
        try (var listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(LOOPBACK, 0), connects + 1);
            ports.add(((InetSocketAddress) listener.getLocalAddress()).getPort());
            for (int i = 0; i < connects; i++) {
                var s = new Socket();
                open.add(s);
                s.connect(listener.getLocalAddress()); // no bind: the OS picks the local port
                ports.add(s.getLocalPort());
            }
        } finally {
            for (Socket s : open) s.close();
        }
        return ports;
    }

    /** Whether an explicit bind to {@code port} succeeds (the reserved range does not stop it). */
    public static boolean explicitBindSucceeds(int port) {
        try (var ch = ServerSocketChannel.open()) {
            ch.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Opens outgoing connections, holding each, until the OS refuses; returns how many it got and why it stopped. */
    public static Exhaustion exhaustEphemeralPorts(int max) throws IOException {
        List<Socket> open = new ArrayList<>();
        try (var listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(LOOPBACK, 0), max + 1);
            for (int i = 0; i < max; i++) {
                var s = new Socket();
                open.add(s);
                try {
                    s.connect(listener.getLocalAddress());
                } catch (IOException e) {
                    return new Exhaustion(i, e.getMessage());
                }
            }
            return new Exhaustion(max, "no failure within " + max + " connections");
        } finally {
            for (Socket s : open) s.close();
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
