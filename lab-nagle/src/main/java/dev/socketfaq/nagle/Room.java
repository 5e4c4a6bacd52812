package dev.socketfaq.nagle;

import dev.socketfaq.kit.Latencies;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the instructor's server sees of the room: every connected client, its requests, and for each request the
 * gap between its header and its body. A split-write client's body waits for the server's delayed ACK, so its
 * gaps are the stall itself, seen from the receiving side; a one-write client's header and body arrive together.
 */
public final class Room {
    /** A gap above this is a body that waited for an ACK, not one that arrived with its header. */
    public static final double STALLED_GAP_MS = 1.0;

    private final Map<SocketAddress, Client> clients = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final Latencies allGaps = new Latencies();

    /** One client's requests and header-to-body gaps. */
    public static final class Client {
        private final SocketAddress address;
        private final Latencies gaps = new Latencies();
        private volatile long requests;

        Client(SocketAddress address) {
            this.address = address;
        }

        public SocketAddress address() {
            return address;
        }

        public long requests() {
            return requests;
        }

        public double medianGapMs() {
            return requests == 0 ? 0 : gaps.summary().medianMs();
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
    }

    /** A request from {@code address} whose body arrived {@code gapNanos} after its header. */
    void served(SocketAddress address, long gapNanos) {
        requests.incrementAndGet();
        allGaps.record(gapNanos);
        Client client = clients.get(address);
        if (client != null) {
            client.gaps.record(gapNanos);
            client.requests++; // one thread serves one client: no lost update
        }
    }

    public int connected() {
        return clients.size();
    }

    public long requests() {
        return requests.get();
    }

    /** The clients connected now, those whose bodies wait longest first. */
    public List<Client> clients() {
        var list = new ArrayList<>(clients.values());
        list.sort(Comparator.comparingDouble(Client::medianGapMs).reversed());
        return list;
    }

    /** Every request's gap so far, whoever sent it. */
    public Latencies.Summary gaps() {
        return allGaps.summary();
    }
}
