package dev.socketfaq.select;

import dev.socketfaq.kit.SocketServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The lab's select() loop, shared by every stop method that uses a {@link Selector}: it accepts clients,
 * reads their 4-byte requests, and writes what they are owed without blocking (OP_WRITE). Subclasses differ
 * only in how a stop request reaches the loop: {@link #requestStop()} and {@link #waitForEvents()}.
 *
 * <p>When the loop learns it must stop, it stops accepting and reading, closes the connections owed nothing, keeps
 * writing to the others until each has received what it is owed, then closes its own channels, on its own thread,
 * and ends. A peer that stops reading cannot hold the stop hostage: a connection whose writes make no progress for
 * {@link #STALL_LIMIT} is given up on (closed, its bytes counted in {@link #bytesAbandoned()}), and the loop ends
 * at most {@link #DRAIN_LIMIT} after it saw the stop, whatever its peers do.
 *
 * <p>While it runs, a connection silent for the idle limit (nothing read from it, nothing taken by it: a client that
 * sends nothing, sends half a request and stalls, or never reads its reply) is closed, as CONTRIBUTING ("Hostile
 * input") asks of every lab server. The loop's wait is bounded by the earliest idle deadline, and only by it: with
 * no one connected it waits without limit, and a stop reaches it through {@link #requestStop()}, never a timer.
 */
public abstract class SelectorLoop implements StoppableServer {
    /** Largest reply a client may ask for: a bad request cannot make the server allocate without bound. */
    public static final int MAX_REQUEST = 64 * 1024 * 1024;

    private static final int CHUNK = 64 * 1024;
    /**
     * While stopping, how long a connection may go without accepting a single byte before the loop gives up on
     * it. A reading peer on loopback takes the next chunk within microseconds; a second is generous for a slow
     * network and a busy machine, and short enough that an operator's stop is not held up noticeably.
     */
    public static final Duration STALL_LIMIT = Duration.ofSeconds(1);
    /**
     * The loop ends at most this long after it saw a stop request, even if peers keep reading a trickle: the
     * bound a caller of {@link #awaitTermination} (a shutdown hook, say) can rely on.
     */
    public static final Duration DRAIN_LIMIT = Duration.ofSeconds(5);
    /** A connection silent for this long is closed: the kit's idle limit ({@link SocketServer#IDLE_TIMEOUT_MS}). */
    public static final Duration IDLE_LIMIT = Duration.ofMillis(SocketServer.IDLE_TIMEOUT_MS);

    protected final Selector selector;
    protected final ServerSocketChannel listener;
    protected volatile boolean stopRequested;
    private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong owed = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong abandoned = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger peersAbandoned =
            new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger idleClosed =
            new java.util.concurrent.atomic.AtomicInteger();
    private final long idleLimitNanos;
    private long
            nextIdleCheck; // System.nanoTime() by which some connection may have been idle too long; loop thread only
    private final Thread thread;
    private volatile Throwable failure;
    private volatile boolean waiting;

    protected SelectorLoop(InetSocketAddress bind, String name) throws IOException {
        this(bind, name, IDLE_LIMIT);
    }

    /** A loop whose connections may be silent for {@code idleLimit} (tests use a short one). */
    protected SelectorLoop(InetSocketAddress bind, String name, Duration idleLimit) throws IOException {
        if (idleLimit.isNegative() || idleLimit.isZero())
            throw new IllegalArgumentException("idle limit must be positive: " + idleLimit);
        idleLimitNanos = idleLimit.toNanos(); // before the thread starts: the loop reads it
        selector = Selector.open();
        listener = ServerSocketChannel.open();
        try {
            listener.bind(bind, 1024); // room for a crowd connecting at once (the benchmark's 100); the default is 50
            listener.configureBlocking(false);
            listener.register(selector, SelectionKey.OP_ACCEPT);
            registerExtra();
        } catch (IOException e) {
            closeQuietly(listener);
            closeQuietly(selector);
            throw new IOException(
                    "cannot listen on " + bind.getHostString() + ":" + bind.getPort() + ": " + e.getMessage(), e);
        }
        thread = Thread.ofPlatform().name(name).unstarted(this::run);
        thread.start();
    }

    /** Registers anything else the loop waits on (the self-pipe); nothing by default. */
    protected void registerExtra() throws IOException {}

    /**
     * Blocks until something happens (an I/O event, or news of a stop request), or for at most {@code timeoutMs}
     * milliseconds, 0 meaning no limit (as {@link Selector#select(long)}). The timeout is the next idle deadline: a
     * loop that is told of a stop does not need it.
     */
    protected abstract void waitForEvents(long timeoutMs) throws IOException;

    /** Handles a key that is not a listener or a connection (the self-pipe); nothing by default. */
    protected void handleExtra(SelectionKey key) throws IOException {}

    // tag::stopping[]
    private void run() {
        try {
            long stopSeenAt = 0; // System.nanoTime() when the loop saw the stop; 0 while running
            while (true) {
                if (stopSeenAt == 0) {
                    waiting = true; // after the stop-flag check below: a stop request from now on must wake us
                    waitForEvents(idleWaitMs()); // bounded by the next idle deadline only, not by the stop
                    waiting = false;
                } else {
                    // stopping: only writes are of interest now, and a deadline must wake us even if none come
                    selector.select(Math.max(1, nextDeadlineMs(stopSeenAt)));
                }
                for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey key = it.next();
                    it.remove();
                    if (!key.isValid()) continue;
                    if (key.channel() == listener) {
                        if (key.isAcceptable()) accept();
                    } else if (key.channel() instanceof SocketChannel client) {
                        if (key.isReadable() && stopSeenAt == 0) read(key, client);
                        if (key.isValid() && key.isWritable()) write(key, client, stopSeenAt != 0);
                    } else {
                        handleExtra(key);
                    }
                }
                if (stopRequested && stopSeenAt == 0) {
                    stopSeenAt = System.nanoTime();
                    beginStopping();
                }
                if (stopSeenAt == 0) {
                    closeIdlePeers(); // running: a silent peer loses its connection, not the loop its attention
                } else {
                    giveUpOnStalledPeers(stopSeenAt);
                    if (nothingOwed()) break; // every connection got what it was owed, or was given up on
                }
            }
        } catch (Throwable t) {
            failure = t; // the loop died: what the broken stop methods cause
        } finally {
            releaseAll();
        }
    }

    /**
     * No new clients and no new requests: the listener closes, connections owed nothing close now, the rest keep
     * only OP_WRITE. Left registered for OP_READ, a client that sends anything (or just closes) would make
     * select() return at once, again and again, and the loop would spin at 100% CPU until it ended.
     */
    private void beginStopping() throws IOException {
        listener.close(); // no new clients; the ones we have get what they are owed
        long now = System.nanoTime();
        for (SelectionKey key : selector.keys()) {
            if (!(key.attachment() instanceof Pending p) || !key.isValid()) continue;
            if (p.remaining == 0) {
                drop(key, (SocketChannel) key.channel());
            } else {
                p.lastProgress = now; // the stall clock starts at the stop, not at the last write before it
                key.interestOps(SelectionKey.OP_WRITE);
            }
        }
    }

    /** Closes connections that took no byte for STALL_LIMIT, and every connection once DRAIN_LIMIT has passed. */
    private void giveUpOnStalledPeers(long stopSeenAt) {
        long now = System.nanoTime();
        boolean drainOver = now - stopSeenAt >= DRAIN_LIMIT.toNanos();
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Pending p
                    && key.isValid()
                    && p.remaining > 0
                    && (drainOver || now - p.lastProgress >= STALL_LIMIT.toNanos())) {
                abandoned.addAndGet(p.remaining);
                peersAbandoned.incrementAndGet();
                drop(key, (SocketChannel) key.channel());
            }
        }
    }
    // end::stopping[]

    // tag::idle[]
    /** Milliseconds until the earliest idle deadline, or 0 (no limit) with no one connected: a running loop's wait. */
    private long idleWaitMs() {
        if (connections.isEmpty()) return 0;
        return Math.max(1, Math.ceilDiv(nextIdleCheck - System.nanoTime(), 1_000_000L));
    }

    /**
     * Closes the connections that were silent for the idle limit. Looks only once a deadline may have passed:
     * activity moves deadlines later, never earlier, so the earliest one found by the last look still bounds them.
     */
    private void closeIdlePeers() {
        long now = System.nanoTime();
        if (connections.isEmpty() || now - nextIdleCheck < 0) return;
        long next = now + idleLimitNanos;
        for (SelectionKey key : selector.keys()) {
            if (!(key.attachment() instanceof Pending p) || !key.isValid()) continue;
            long deadline = p.lastProgress + idleLimitNanos;
            if (now - deadline >= 0) {
                idleClosed.incrementAndGet();
                drop(key, (SocketChannel) key.channel());
            } else if (deadline - next < 0) {
                next = deadline;
            }
        }
        nextIdleCheck = next;
    }
    // end::idle[]

    /** Milliseconds until the earliest stall or drain deadline: how long a stopping loop may wait in select(). */
    private long nextDeadlineMs(long stopSeenAt) {
        long next = stopSeenAt + DRAIN_LIMIT.toNanos();
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Pending p && key.isValid() && p.remaining > 0) {
                next = Math.min(next, p.lastProgress + STALL_LIMIT.toNanos());
            }
        }
        return Math.ceilDiv(next - System.nanoTime(), 1_000_000L);
    }

    private void accept() throws IOException {
        SocketChannel client = listener.accept();
        if (client == null) return;
        client.configureBlocking(false);
        client.setOption(StandardSocketOptions.SO_SNDBUF, 64 * 1024); // keep replies in flight, not in the kernel
        var p = new Pending();
        p.lastProgress = System.nanoTime(); // the idle clock starts at the accept: a client that sends nothing is idle
        if (connections.isEmpty()) nextIdleCheck = p.lastProgress + idleLimitNanos; // else an earlier deadline stands
        connections.add(client);
        client.register(selector, SelectionKey.OP_READ, p);
    }

    private void read(SelectionKey key, SocketChannel client) throws IOException {
        Pending p = (Pending) key.attachment();
        int n;
        try {
            n = client.read(p.request);
        } catch (IOException e) {
            drop(key, client);
            return;
        }
        if (n < 0) {
            drop(key, client);
            return;
        }
        if (n > 0) p.lastProgress = System.nanoTime(); // the peer is not idle
        if (!p.request.hasRemaining()) {
            int count = p.request.flip().getInt();
            p.request.clear();
            if (count < 0 || count > MAX_REQUEST) {
                drop(key, client); // a bad request closes that connection only
                return;
            }
            p.remaining += count;
            owed.addAndGet(count);
            key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
    }

    private void write(SelectionKey key, SocketChannel client, boolean stopping) throws IOException {
        Pending p = (Pending) key.attachment();
        while (p.remaining > 0) {
            p.chunk.clear().limit((int) Math.min(CHUNK, p.remaining));
            int n;
            try {
                n = client.write(p.chunk);
            } catch (IOException e) {
                drop(key, client); // the client went away: it no longer needs what it was owed
                return;
            }
            if (n == 0) return; // socket buffer full: wait for OP_WRITE again
            p.remaining -= n;
            p.lastProgress = System.nanoTime();
            written.addAndGet(n);
        }
        if (stopping) {
            // owed nothing more: close now, so this client sees the end of its reply without waiting for the others
            drop(key, client);
        } else {
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    private void drop(SelectionKey key, SocketChannel client) {
        Pending p = (Pending) key.attachment();
        owed.addAndGet(-p.remaining); // no longer owed to anyone
        p.remaining = 0;
        key.cancel();
        connections.remove(client);
        closeQuietly(client);
    }

    private boolean nothingOwed() {
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Pending p && key.isValid() && p.remaining > 0) return false;
        }
        return true;
    }

    private void releaseAll() {
        connections.forEach(SelectorLoop::closeQuietly);
        connections.clear();
        closeQuietly(listener);
        closeExtra();
        closeQuietly(selector);
    }

    /** Closes what {@link #registerExtra()} opened. */
    protected void closeExtra() {}

    @Override
    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) listener.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("the listener is closed", e);
        }
    }

    @Override
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return thread.join(timeout);
    }

    @Override
    public long bytesOwed() {
        return owed.get();
    }

    @Override
    public long bytesWritten() {
        return written.get();
    }

    @Override
    public long bytesAbandoned() {
        return abandoned.get();
    }

    @Override
    public int peersAbandoned() {
        return peersAbandoned.get();
    }

    /** Connections closed while running because their peer was silent for the idle limit. */
    public int peersIdleClosed() {
        return idleClosed.get();
    }

    @Override
    public int openChannels() {
        List<Channel> all = new ArrayList<>(connections);
        all.add(listener);
        all.add(selectorAsChannel());
        all.addAll(extraChannels());
        return (int) all.stream().filter(Channel::isOpen).count();
    }

    /** Channels opened by {@link #registerExtra()}. */
    protected List<Channel> extraChannels() {
        return List.of();
    }

    private Channel selectorAsChannel() {
        return new Channel() {
            @Override
            public boolean isOpen() {
                return selector.isOpen();
            }

            @Override
            public void close() throws IOException {
                selector.close();
            }
        };
    }

    @Override
    public Throwable failure() {
        return failure;
    }

    @Override
    public boolean waiting() {
        return waiting;
    }

    @Override
    public void close() {
        if (thread.isAlive()) {
            requestStop();
            try {
                if (!thread.join(DRAIN_LIMIT.plusSeconds(5))) {
                    // the loop gives up on its peers after DRAIN_LIMIT: still running means it is stuck, or was
                    // never woken (a broken stop method); closing the selector at least ends it
                    closeQuietly(selector);
                    thread.join(Duration.ofSeconds(5));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        releaseAll();
    }

    protected static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing: nothing more to do
        }
    }

    /** Per connection: the request being read, and how many bytes it is still owed. */
    private static final class Pending {
        final ByteBuffer request = ByteBuffer.allocate(Integer.BYTES);
        final ByteBuffer chunk = ByteBuffer.allocate(CHUNK); // zeros: the content does not matter, the count does
        long remaining;
        // System.nanoTime() of the accept, of the last byte read or written, or of the stop: the idle clock while
        // running, the stall clock while stopping (when nothing more is read)
        long lastProgress;
    }
}
