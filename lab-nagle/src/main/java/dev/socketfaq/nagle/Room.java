package dev.socketfaq.nagle;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * What the instructor's server sees of the room: every connected client, its requests, and for each request the
 * gap between its header and its body. A split-write client's body waits for the server's delayed ACK, so its
 * gaps are the stall itself, seen from the receiving side; a one-write client's header and body arrive together.
 */
public final class Room {
    /** A gap above this is a body that waited for an ACK, not one that arrived with its header. */
    public static final double STALLED_GAP_MS = 1.0;

    /** Gaps kept per client: enough for a steady median, a fixed size however long the class runs. */
    static final int RECENT = 64;

    private final Map<SocketAddress, Client> clients = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final Histogram allGaps = new Histogram(3); // fixed size: no sample is kept

    /** One client's requests and its most recent header-to-body gaps. */
    public static final class Client {
        private final SocketAddress address;
        private final long[] recent = new long[RECENT];
        private long requests;

        Client(SocketAddress address) {
            this.address = address;
        }

        public SocketAddress address() {
            return address;
        }

        public synchronized long requests() {
            return requests;
        }

        /** The median of the client's most recent gaps, in milliseconds; 0 before its first request. */
        public synchronized double medianGapMs() {
            int n = (int) Math.min(requests, RECENT);
            if (n == 0) return 0;
            long[] sorted = Arrays.copyOf(recent, n);
            Arrays.sort(sorted);
            return sorted[(n - 1) / 2] / 1_000_000.0;
        }

        synchronized void record(long gapNanos) {
            recent[(int) (requests % RECENT)] = gapNanos;
            requests++;
        }

        public boolean stalls() {
            return medianGapMs() > STALLED_GAP_MS;
        }
    }

    void joined(SocketAddress address) {
        clients.put(address, new Client(address));
    }

    void left(SocketAddress address) {
        clients.remove(address);
        synchronized (clients) {
            clients.notifyAll();
        }
    }

    /** Waits until no client is connected; false if one still is after {@code timeout}. */
    boolean awaitEmpty(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (clients) {
            for (long left; !clients.isEmpty(); ) {
                if ((left = deadline - System.nanoTime()) <= 0) return false;
                TimeUnit.NANOSECONDS.timedWait(clients, left);
            }
        }
        return true;
    }

    /** A request from {@code address} whose body arrived {@code gapNanos} after its header. */
    void served(SocketAddress address, long gapNanos) {
        requests.incrementAndGet();
        synchronized (allGaps) {
            allGaps.recordValue(Math.max(0, gapNanos));
        }
        Client client = clients.get(address);
        if (client != null) client.record(gapNanos);
    }

    public int connected() {
        return clients.size();
    }

    public long requests() {
        return requests.get();
    }

    /** The clients connected now, those whose bodies wait longest first. */
    public List<Client> clients() {
        var medians = new HashMap<Client, Double>(); // one median per client, not one per comparison
        for (Client c : clients.values()) medians.put(c, c.medianGapMs());
        var list = new ArrayList<>(medians.keySet());
        list.sort(Comparator.comparingDouble(medians::get).reversed());
        return list;
    }

    /** The median gap over every request so far, whoever sent it, in milliseconds; 0 before any request. */
    public double medianGapMs() {
        synchronized (allGaps) {
            return allGaps.getTotalCount() == 0 ? 0 : allGaps.getValueAtPercentile(50) / 1_000_000.0;
        }
    }
}
