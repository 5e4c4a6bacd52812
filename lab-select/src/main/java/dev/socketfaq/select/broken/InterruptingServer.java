package dev.socketfaq.select.broken;

import dev.socketfaq.select.SelectorLoop;
import dev.socketfaq.select.StoppableServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * BROKEN: blocking channels, a thread per connection, and "stop" by interrupting those threads. Channels are
 * interruptible: a thread interrupted in a channel read or write gets ClosedByInterruptException and the
 * channel is closed under it. The connection dies as collateral damage, with its reply half-sent.
 *
 * <p>It has no idle limit: a silent client keeps its thread blocked in read() until the client goes or the stop
 * interrupts it (one reason a demo server should not be built this way). A client that goes away (resets, or stops
 * reading and closes) only ends its own connection: that is not the server's {@link #failure()}, which is the damage
 * the server's own stop does.
 */
public final class InterruptingServer implements StoppableServer {
    private final ServerSocketChannel listener;
    private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicLong owed = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicInteger awaitingRequest = new AtomicInteger();
    private final AtomicInteger clientsGone = new AtomicInteger();
    private final Map<InetSocketAddress, IOException> killedByStop = new ConcurrentHashMap<>();
    private volatile boolean stopRequested;
    private volatile IOException failure; // the first connection thread's that the server's own stop caused
    private volatile IOException acceptFailure; // the accept thread's

    public InterruptingServer(InetSocketAddress bind) throws IOException {
        listener = ServerSocketChannel.open();
        try {
            listener.bind(bind);
        } catch (IOException e) {
            listener.close();
            throw new IOException(
                    "cannot listen on " + bind.getHostString() + ":" + bind.getPort() + ": " + e.getMessage(), e);
        }
        threads.add(Thread.ofPlatform().name("interrupting-server-accept").start(this::acceptLoop));
    }

    private void acceptLoop() {
        try {
            while (true) {
                SocketChannel client = listener.accept(); // blocking
                InetSocketAddress peer;
                try {
                    client.setOption(StandardSocketOptions.SO_SNDBUF, 64 * 1024);
                    peer = (InetSocketAddress) client.getRemoteAddress(); // known since accept: no system call
                } catch (IOException e) {
                    // the client reset before it was set up (some systems refuse a socket option then): its loss,
                    // not the accept thread's; the listener is fine
                    clientsGone.incrementAndGet();
                    client.close();
                    continue;
                }
                connections.add(client);
                // a long-running server must not keep every thread it ever started: forget the finished ones
                // (only finished ones: awaitTermination joins whatever may still be running)
                threads.removeIf(t -> !t.isAlive());
                Thread t = Thread.ofPlatform().name("interrupting-server-conn").unstarted(() -> serve(client, peer));
                threads.add(t);
                t.start();
                // a stop that came while this connection was accepted may have missed t: it is stopped the same way
                if (stopRequested) t.interrupt();
            }
        } catch (IOException e) {
            acceptFailure = e;
        }
    }

    private void serve(SocketChannel client, InetSocketAddress peer) {
        try (client) {
            ByteBuffer request = ByteBuffer.allocate(Integer.BYTES);
            ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
            while (true) {
                request.clear();
                awaitingRequest.incrementAndGet(); // owed nothing now: this thread waits in read() for a request
                try {
                    while (request.hasRemaining()) {
                        if (client.read(request) < 0) return; // blocking read
                    }
                } finally {
                    awaitingRequest.decrementAndGet();
                }
                int count = request.flip().getInt();
                if (count < 0 || count > SelectorLoop.MAX_REQUEST) return;
                owed.addAndGet(count);
                for (long left = count; left > 0; ) {
                    chunk.clear().limit((int) Math.min(chunk.capacity(), left));
                    try {
                        client.write(chunk); // blocking write: waits while the client does not read
                    } finally {
                        // count what reached the socket even when an interrupt cuts the write short: the channel
                        // moves the buffer past the bytes it wrote before it throws ClosedByInterruptException
                        left -= chunk.position();
                        written.addAndGet(chunk.position());
                    }
                }
            }
        } catch (ClosedChannelException e) {
            // closed on this side: ClosedByInterruptException (the stop's interrupt closed the channel, whatever this
            // connection was doing), or close() closing it under the thread. The server's own doing: its failure
            if (failure == null) failure = e;
            killedByStop.put(peer, e);
        } catch (IOException e) {
            // the client went away (connection reset, broken pipe): its connection ends, the server is fine
            clientsGone.incrementAndGet();
        } finally {
            connections.remove(client);
        }
    }

    // tag::interrupt[]
    @Override
    public void requestStop() {
        // "Stop" by interrupting the threads blocked in channel reads and writes: each gets
        // ClosedByInterruptException, and the JDK closes its channel, reply or not.
        stopRequested = true; // only so that failureOf() can tell the stop's damage from clients going away
        threads.forEach(Thread::interrupt);
    }
    // end::interrupt[]

    /**
     * How the stop ended the connection of the client at {@code client} (its local address): the exception its
     * thread died of, or null if it did not die of the stop. Only the stop's damage is kept (a channel closed on the
     * server's side, which only the stop does): a client that resets is just a client going away, and a long-running
     * server keeps no list of them.
     */
    public IOException failureOf(InetSocketAddress client) {
        return killedByStop.get(client);
    }

    /** Connections that ended because their client went away (reset, broken pipe): not the server's failure. */
    public int clientsGone() {
        return clientsGone.get();
    }

    /** Connections whose thread has delivered everything asked of it and waits in read() for the next request. */
    public int awaitingRequest() {
        return awaitingRequest.get();
    }

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
        Instant deadline = Instant.now().plus(timeout);
        for (Thread t : List.copyOf(threads)) {
            Duration left = Duration.between(Instant.now(), deadline);
            if (left.isNegative() || !t.join(left)) return false;
        }
        return true;
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
    public int openChannels() {
        List<Channel> all = new ArrayList<>(connections);
        all.add(listener);
        return (int) all.stream().filter(Channel::isOpen).count();
    }

    /**
     * What the stop did to a connection thread if it did anything (that is where replies die), else the accept
     * thread's end: null until the stop (or a failure on the server's own side, such as running out of file
     * descriptors in accept()), whatever its clients do.
     */
    @Override
    public Throwable failure() {
        return failure != null ? failure : acceptFailure;
    }

    @Override
    public boolean waiting() {
        return true; // its threads are always blocked in accept(), read() or write()
    }

    @Override
    public void close() {
        requestStop();
        try {
            listener.close();
            for (SocketChannel c : connections) c.close();
            awaitTermination(Duration.ofSeconds(5));
        } catch (IOException e) {
            // closing: nothing more to do
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
