package dev.socketfaq.select;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hardening, not the lesson: "finish what you owe" with bounds. The stopping loop stops accepting and reading,
 * closes the connections owed nothing, and writes to the others until each has what it is owed. A peer that stops
 * reading cannot hold the stop hostage: a connection that takes no byte for {@link #STALL_LIMIT} is given up on
 * (closed, its bytes counted), and the drain ends at most {@link #DRAIN_LIMIT} after it began, whatever peers do.
 */
public final class Drain {
    /**
     * How long a connection may go without taking a byte before the stop gives up on it: a reading peer on
     * loopback takes the next chunk within microseconds; a second leaves room for a slow network and a busy machine.
     */
    public static final Duration STALL_LIMIT = Duration.ofSeconds(1);
    /** The drain ends at most this long after it began, even if peers keep reading a trickle. */
    public static final Duration DRAIN_LIMIT = Duration.ofSeconds(5);

    private final AtomicLong abandoned = new AtomicLong();
    private final AtomicInteger peersAbandoned = new AtomicInteger();

    // tag::drain[]
    void run(Connections connections) throws IOException {
        Selector selector = connections.selector();
        long start = System.nanoTime();
        begin(connections, start);
        while (true) {
            giveUpOnStalledPeers(connections, start);
            if (nothingOwed(selector)) return;
            selector.select(Math.max(1, nextDeadlineMs(selector, start))); // a deadline wakes us if no write does
            for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                SelectionKey key = it.next();
                it.remove();
                if (key.isValid() && key.isWritable()) connections.write(key, (SocketChannel) key.channel(), true);
            }
        }
    }

    // end::drain[]

    /**
     * No new clients and no new requests: the listener closes, connections owed nothing close, the rest keep only
     * OP_WRITE, and nothing else is waited on. Left registered for reading, a client that sends anything (or just
     * closes), or a pipe with a byte in it, would make select() return at once, over and over: a busy loop.
     */
    private static void begin(Connections connections, long now) throws IOException {
        connections.listener().close();
        for (SelectionKey key : connections.selector().keys()) {
            if (!key.isValid()) continue;
            if (!(key.attachment() instanceof Peer p)) {
                key.interestOps(0);
            } else if (p.remaining == 0) {
                connections.drop(key);
            } else {
                p.lastProgress = now; // the stall clock starts at the stop, not at the last write before it
                key.interestOps(SelectionKey.OP_WRITE);
            }
        }
    }

    /** Closes connections that took no byte for STALL_LIMIT, and every connection once DRAIN_LIMIT has passed. */
    private void giveUpOnStalledPeers(Connections connections, long start) {
        long now = System.nanoTime();
        boolean over = now - start >= DRAIN_LIMIT.toNanos();
        for (SelectionKey key : connections.selector().keys()) {
            if (key.attachment() instanceof Peer p
                    && key.isValid()
                    && p.remaining > 0
                    && (over || now - p.lastProgress >= STALL_LIMIT.toNanos())) {
                abandoned.addAndGet(p.remaining);
                peersAbandoned.incrementAndGet();
                connections.drop(key);
            }
        }
    }

    /** Milliseconds until the earliest stall or drain deadline. */
    private static long nextDeadlineMs(Selector selector, long start) {
        long next = start + DRAIN_LIMIT.toNanos();
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Peer p && key.isValid() && p.remaining > 0) {
                next = Math.min(next, p.lastProgress + STALL_LIMIT.toNanos());
            }
        }
        return Math.ceilDiv(next - System.nanoTime(), 1_000_000L);
    }

    private static boolean nothingOwed(Selector selector) {
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Peer p && key.isValid() && p.remaining > 0) return false;
        }
        return true;
    }

    long abandoned() {
        return abandoned.get();
    }

    int peersAbandoned() {
        return peersAbandoned.get();
    }
}
