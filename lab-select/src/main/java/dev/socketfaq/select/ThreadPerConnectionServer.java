package dev.socketfaq.select;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The lab's protocol on blocking channels, a thread per connection, apart from any lesson: what a subclass adds is
 * its {@link #requestStop()}. It has no idle limit: a silent client keeps its thread blocked in read() until the
 * client goes or the stop reaches it. A client that goes away (resets, or sends a bad request) ends only its own
 * connection; {@link #failure()} is what the server's own stop did.
 */
public abstract class ThreadPerConnectionServer implements StoppableServer {
    private final ServerSocketChannel listener;
    private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();
    /** The accept thread and every connection thread still known; finished ones are forgotten as new ones start. */
    protected final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    /** Set by the stop, read by the accept thread: a connection it accepts from then on is stopped as it starts. */
    protected volatile boolean stopRequested;

    private final AtomicLong owed = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicInteger awaitingRequest = new AtomicInteger();
    private final AtomicInteger clientsGone = new AtomicInteger();
    private final Map<InetSocketAddress, IOException> killedByStop = new ConcurrentHashMap<>();
    private volatile IOException failure; // the first a connection thread died of on the server's side
    private volatile IOException acceptFailure;

    protected ThreadPerConnectionServer(InetSocketAddress bind, String name) throws IOException {
        listener = PlatformSelector.listener();
        try {
            listener.bind(bind);
        } catch (IOException e) {
            listener.close();
            throw new IOException(
                    "cannot listen on " + bind.getHostString() + ":" + bind.getPort() + ": " + e.getMessage(), e);
        }
        threads.add(Thread.ofPlatform().name(name + "-accept").start(() -> acceptLoop(name)));
    }

    private void acceptLoop(String name) {
        try {
            while (true) {
                SocketChannel client = listener.accept(); // blocking
                InetSocketAddress peer;
                try {
                    client.setOption(StandardSocketOptions.SO_SNDBUF, 64 * 1024);
                    peer = (InetSocketAddress) client.getRemoteAddress(); // known since accept: no system call
                } catch (IOException e) {
                    // the client reset before it was set up (some systems refuse a socket option then): its loss
                    clientsGone.incrementAndGet();
                    client.close();
                    continue;
                }
                connections.add(client);
                threads.removeIf(t -> !t.isAlive()); // a long-running server forgets the threads that have ended
                Thread t = Thread.ofPlatform().name(name + "-conn").unstarted(() -> serve(client, peer));
                threads.add(t);
                t.start();
                if (stopRequested) t.interrupt(); // the stop may have gone through the threads before t was added
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
                if (count < 0 || count > MAX_REQUEST) return;
                owed.addAndGet(count);
                for (long left = count; left > 0; ) {
                    chunk.clear().limit((int) Math.min(chunk.capacity(), left));
                    try {
                        client.write(chunk); // blocking write: waits while the client does not read
                    } finally {
                        // what reached the socket counts even when the write is cut short: the channel moves the
                        // buffer past the bytes it wrote before it throws
                        left -= chunk.position();
                        written.addAndGet(chunk.position());
                    }
                }
            }
        } catch (ClosedChannelException e) {
            // closed on this side (by an interrupt, or by close() under the thread): the server's own doing
            if (failure == null) failure = e;
            killedByStop.put(peer, e);
        } catch (IOException e) {
            clientsGone.incrementAndGet(); // the client went away (reset, broken pipe): the server is fine
        } finally {
            connections.remove(client);
        }
    }

    /** How the server's stop ended the connection of the client at {@code client} (its local address), or null. */
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
        return (int) connections.stream().filter(SocketChannel::isOpen).count() + (listener.isOpen() ? 1 : 0);
    }

    /** What the stop did to a connection thread, else how the accept thread ended: null until a stop. */
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
