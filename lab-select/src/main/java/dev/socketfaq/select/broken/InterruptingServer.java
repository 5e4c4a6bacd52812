package dev.socketfaq.select.broken;

import dev.socketfaq.select.SelectorLoop;
import dev.socketfaq.select.StoppableServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * BROKEN: blocking channels, a thread per connection, and "stop" by interrupting those threads. Channels are
 * interruptible: a thread interrupted in a channel read or write gets ClosedByInterruptException and the
 * channel is closed under it. The connection dies as collateral damage, with its reply half-sent.
 */
public final class InterruptingServer implements StoppableServer {
    private final ServerSocketChannel listener;
    private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicLong owed = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private volatile Throwable failure;

    public InterruptingServer(InetSocketAddress bind) throws IOException {
        listener = ServerSocketChannel.open();
        try {
            listener.bind(bind);
        } catch (IOException e) {
            listener.close();
            throw new IOException("cannot listen on " + bind.getHostString() + ":" + bind.getPort() + ": " + e.getMessage(), e);
        }
        threads.add(Thread.ofPlatform().name("interrupting-server-accept").start(this::acceptLoop));
    }

    private void acceptLoop() {
        try {
            while (true) {
                SocketChannel client = listener.accept(); // blocking
                client.setOption(StandardSocketOptions.SO_SNDBUF, 64 * 1024);
                connections.add(client);
                Thread t = Thread.ofPlatform().name("interrupting-server-conn").unstarted(() -> serve(client));
                threads.add(t);
                t.start();
            }
        } catch (IOException e) {
            recordFailure(e);
        }
    }

    private void serve(SocketChannel client) {
        try (client) {
            ByteBuffer request = ByteBuffer.allocate(Integer.BYTES);
            ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
            while (true) {
                request.clear();
                while (request.hasRemaining()) {
                    if (client.read(request) < 0) return; // blocking read
                }
                int count = request.flip().getInt();
                if (count < 0 || count > SelectorLoop.MAX_REQUEST) return;
                owed.addAndGet(count);
                for (long left = count; left > 0; ) {
                    chunk.clear().limit((int) Math.min(chunk.capacity(), left));
                    int n = client.write(chunk); // blocking write: waits while the client does not read
                    left -= n;
                    written.addAndGet(n);
                }
            }
        } catch (IOException e) {
            recordFailure(e); // ClosedByInterruptException: the channel is already closed
        } finally {
            connections.remove(client);
        }
    }

    // tag::interrupt[]
    @Override
    public void requestStop() {
        // "Stop" by interrupting the threads blocked in channel reads and writes: each gets
        // ClosedByInterruptException, and the JDK closes its channel, reply or not.
        threads.forEach(Thread::interrupt);
    }
    // end::interrupt[]

    private void recordFailure(IOException e) {
        if (failure == null) failure = e;
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

    @Override
    public Throwable failure() {
        return failure;
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
