package dev.socketfaq.select;

import dev.socketfaq.kit.SocketServer;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hardening, not the lesson: while the loop runs, a connection silent for the idle limit (nothing read from it,
 * nothing taken by it: a client that sends nothing, stalls mid-request, or never reads its reply) is closed. The
 * loop's wait is bounded by the earliest idle deadline, and only by it: with no one connected it waits without limit.
 */
public final class IdleLimit {
    /** The course's servers' idle limit ({@link SocketServer#IDLE_TIMEOUT_MS}). */
    public static final Duration DEFAULT = Duration.ofMillis(SocketServer.IDLE_TIMEOUT_MS);

    private final long limitNanos;
    private final AtomicInteger closed = new AtomicInteger();
    private long nextCheck; // System.nanoTime() by which some connection may have been idle too long; loop thread only

    IdleLimit(Duration limit) {
        if (limit.isNegative() || limit.isZero())
            throw new IllegalArgumentException("idle limit must be positive: " + limit);
        limitNanos = limit.toNanos();
    }

    /** A connection was accepted; with no other, its deadline is the next one (else an earlier one stands). */
    void started(Peer p, boolean first) {
        if (first) nextCheck = p.lastProgress + limitNanos;
    }

    /** Milliseconds until the earliest idle deadline, or 0 (no limit) with no one connected. */
    long waitMs(boolean anyone) {
        if (!anyone) return 0;
        return Math.max(1, Math.ceilDiv(nextCheck - System.nanoTime(), 1_000_000L));
    }

    /**
     * Closes the connections silent for the limit. Looks only once a deadline may have passed: activity moves
     * deadlines later, never earlier, so the earliest one found by the last look still bounds them.
     */
    void closeSilent(Connections connections) {
        long now = System.nanoTime();
        if (now - nextCheck < 0) return;
        long next = now + limitNanos;
        for (SelectionKey key : connections.selector().keys()) {
            if (!(key.attachment() instanceof Peer p) || !key.isValid()) continue;
            long deadline = p.lastProgress + limitNanos;
            if (now - deadline >= 0) {
                closed.incrementAndGet();
                connections.drop(key);
            } else if (deadline - next < 0) {
                next = deadline;
            }
        }
        nextCheck = next;
    }

    /** Connections closed so far because their peer was silent for the limit. */
    int closed() {
        return closed.get();
    }
}
