package dev.socketfaq.select;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The lab's protocol on a selector, apart from any lesson: accepts clients, reads their 4-byte requests and writes
 * what they are owed without blocking (OP_WRITE). Its hardening lives next door: {@link IdleLimit} closes silent
 * peers while the loop runs, {@link Drain} delivers what is owed at the stop, within bounds.
 */
public final class Connections {
    private final Selector selector;
    private final ServerSocketChannel listener;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong owed = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final IdleLimit idle;
    private final Drain drain = new Drain();

    /** Listens on {@code bind}, registered with {@code selector}; connections silent for {@code idleLimit} close. */
    Connections(Selector selector, InetSocketAddress bind, Duration idleLimit) throws IOException {
        this.selector = selector;
        this.idle = new IdleLimit(idleLimit);
        listener = PlatformSelector.listener();
        try {
            listener.bind(bind, 1024); // room for a crowd connecting at once (the benchmark's); the default is 50
            listener.configureBlocking(false);
            listener.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            listener.close();
            throw new IOException(
                    "cannot listen on " + bind.getHostString() + ":" + bind.getPort() + ": " + e.getMessage(), e);
        }
    }

    /** How long a running loop may wait in select(), in ms: until the next idle deadline; 0 (no limit) if none. */
    public long idleWaitMs() {
        return idle.waitMs(!open.isEmpty());
    }

    /** Serves the selected keys of the listener and the connections, then closes peers silent for too long. */
    public void handle(Set<SelectionKey> selected) throws IOException {
        for (var it = selected.iterator(); it.hasNext(); ) {
            SelectionKey key = it.next();
            it.remove();
            if (!key.isValid()) continue;
            if (key.channel() == listener) {
                accept();
            } else if (key.channel() instanceof SocketChannel client) {
                if (key.isReadable()) read(key, client);
                if (key.isValid() && key.isWritable()) write(key, client, false);
            }
        }
        idle.closeSilent(this);
    }

    /**
     * The end of a loop told to stop, on the loop's own thread: no new clients, no new requests, every byte owed
     * written (within {@link Drain}'s bounds), then every connection and the listener closed.
     */
    public void finish() throws IOException {
        drain.run(this);
        closeAll();
    }

    private void accept() throws IOException {
        SocketChannel client = listener.accept();
        if (client == null) return;
        client.configureBlocking(false);
        client.setOption(StandardSocketOptions.SO_SNDBUF, 64 * 1024); // keep replies in flight, not in the kernel
        var p = new Peer();
        p.lastProgress = System.nanoTime(); // the idle clock starts at the accept: a client that sends nothing is idle
        idle.started(p, open.isEmpty());
        open.add(client);
        client.register(selector, SelectionKey.OP_READ, p);
    }

    private void read(SelectionKey key, SocketChannel client) {
        Peer p = (Peer) key.attachment();
        int n;
        try {
            n = client.read(p.request);
        } catch (IOException e) {
            n = -1; // the client went away
        }
        if (n < 0) {
            drop(key);
            return;
        }
        if (n > 0) p.lastProgress = System.nanoTime(); // the peer is not idle
        if (p.request.hasRemaining()) return;
        int count = p.request.flip().getInt();
        p.request.clear();
        if (count < 0 || count > StoppableServer.MAX_REQUEST) {
            drop(key); // a bad request closes that connection only
            return;
        }
        p.remaining += count;
        owed.addAndGet(count);
        key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    }

    /** Writes what the socket takes; once nothing is owed, a stopping loop closes the connection. */
    void write(SelectionKey key, SocketChannel client, boolean stopping) {
        Peer p = (Peer) key.attachment();
        while (p.remaining > 0) {
            p.chunk.clear().limit((int) Math.min(Peer.CHUNK, p.remaining));
            int n;
            try {
                n = client.write(p.chunk);
            } catch (IOException e) {
                drop(key); // the client went away: it no longer needs what it was owed
                return;
            }
            if (n == 0) return; // socket buffer full: wait for OP_WRITE again
            p.remaining -= n;
            p.lastProgress = System.nanoTime();
            written.addAndGet(n);
        }
        if (stopping) {
            drop(key); // owed nothing more: this client sees the end of its reply without waiting for the others
        } else {
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    /** Closes one connection; what it was still owed is owed to no one. */
    void drop(SelectionKey key) {
        Peer p = (Peer) key.attachment();
        owed.addAndGet(-p.remaining);
        p.remaining = 0;
        key.cancel();
        open.remove(key.channel());
        SelectorServer.closeQuietly(key.channel());
    }

    Selector selector() {
        return selector;
    }

    ServerSocketChannel listener() {
        return listener;
    }

    /** Closes the listener and every connection: the loop's end, whichever way it ends. */
    void closeAll() {
        open.forEach(SelectorServer::closeQuietly);
        open.clear();
        SelectorServer.closeQuietly(listener);
    }

    InetSocketAddress address() {
        try {
            return (InetSocketAddress) listener.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("the listener is closed", e);
        }
    }

    long owed() {
        return owed.get();
    }

    long written() {
        return written.get();
    }

    IdleLimit idle() {
        return idle;
    }

    Drain drain() {
        return drain;
    }

    /** The listener and the connections that are open. */
    int openChannels() {
        return (int) open.stream().filter(SocketChannel::isOpen).count() + (listener.isOpen() ? 1 : 0);
    }
}
