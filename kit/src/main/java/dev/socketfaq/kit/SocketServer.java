package dev.socketfaq.kit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The plumbing every lab's demo server shares, so that a lab's server class holds only its protocol: one thread
 * that accepts, one virtual thread per connection with an idle limit, a cap on connections, and a
 * {@link #close()} that closes every connection and waits for every thread. A bad client costs only its own
 * connection; the {@link Handler} sees one connection and may simply throw {@link IOException} to drop it.
 *
 * <p>Virtual threads keep a connection cheap (no platform stack per student), so one server holds a lecture hall.
 * A client refused at the cap reads one line saying why ({@link #REFUSAL_PREFIX}), then the end of the stream.
 */
public final class SocketServer implements AutoCloseable {
    /** The default cap, sized for a lecture hall: 300 students with two clients each, and room to spare. */
    public static final int MAX_CONNECTIONS = 1024;
    /** A client that sends nothing for this long is disconnected (slow-loris clients); a handler may change it. */
    public static final int IDLE_TIMEOUT_MS = 10_000;
    /** How a refusal line starts; {@link Frames#read} turns it into a readable exception on the client. */
    public static final String REFUSAL_PREFIX = "error: ";
    /** Refused clients whose request is being drained before the close; beyond this they are closed at once. */
    private static final int MAX_DRAINING = 64;
    /** How long a refused client may take to stop sending before its socket is closed anyway. */
    private static final int REFUSAL_DRAIN_MS = 1_000;
    /** Pending connections the kernel queues: a class connecting at the same moment is not turned away. */
    private static final int BACKLOG = 1024;

    /** What one server allows: connections at once, and how long a silent client may stay. */
    public record Limits(int maxConnections, int idleTimeoutMs) {
        public static final Limits DEFAULT = new Limits(MAX_CONNECTIONS, IDLE_TIMEOUT_MS);

        public Limits {
            if (maxConnections < 1 || idleTimeoutMs < 1) {
                throw new IllegalArgumentException("limits must be positive: " + maxConnections + ", " + idleTimeoutMs);
            }
        }

        public Limits withMaxConnections(int max) {
            return new Limits(max, idleTimeoutMs);
        }
    }

    /** Serves one connection; the server closes the socket afterwards. */
    @FunctionalInterface
    public interface Handler {
        void serve(Socket connection) throws IOException;
    }

    private final String name;
    private final ServerSocket listener;
    private final Handler handler;
    private final Consumer<String> log;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Set<Socket> refusing = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger draining = new AtomicInteger();
    private final Limits limits;
    private final Thread acceptor;

    private SocketServer(String name, ServerSocket listener, Handler handler, Consumer<String> log, Limits limits) {
        this.name = name;
        this.listener = listener;
        this.handler = handler;
        this.log = log;
        this.limits = limits;
        this.acceptor = Thread.ofPlatform().name(name + "-accept").unstarted(this::acceptLoop);
        acceptor.start();
    }

    /** Binds {@code bind} (port 0: any free port) and serves it; a port that is taken is one clear error. */
    public static SocketServer start(String name, InetSocketAddress bind, Handler handler, Consumer<String> log)
            throws IOException {
        return start(name, bind, handler, log, Limits.DEFAULT);
    }

    /** As {@link #start(String, InetSocketAddress, Handler, Consumer)}, with the given limits. */
    public static SocketServer start(
            String name, InetSocketAddress bind, Handler handler, Consumer<String> log, Limits limits)
            throws IOException {
        var listener = new ServerSocket();
        try {
            listener.bind(bind, BACKLOG);
        } catch (IOException e) {
            listener.close();
            throw new SocketException(
                    "cannot listen on " + bind.getHostString() + ":" + bind.getPort() + ": " + e.getMessage());
        }
        return new SocketServer(name, listener, handler, log, limits);
    }

    /** Serves a socket the caller has already bound (and now hands over: {@link #close()} closes it). */
    public static SocketServer serve(String name, ServerSocket bound, Handler handler, Consumer<String> log) {
        return new SocketServer(name, bound, handler, log, Limits.DEFAULT);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    /** The listening socket, for a protocol that talks about it (lab-getsockname's callback address). */
    public ServerSocket listener() {
        return listener;
    }

    /** Connections accepted so far: zero means no traffic ever reached this server. */
    public int accepted() {
        return accepted.get();
    }

    /** Connections open now. */
    public int connected() {
        return connections.size();
    }

    /** Connections refused at the cap so far. */
    public int refused() {
        return refused.get();
    }

    public Limits limits() {
        return limits;
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                return; // closed by close(): the normal way out
            }
            accepted.incrementAndGet();
            if (connections.size() >= limits.maxConnections()) {
                refuse(socket);
                continue;
            }
            connections.add(socket);
            Thread worker =
                    Thread.ofVirtual().name(name + "-" + socket.getPort()).unstarted(() -> serve(socket));
            threads.add(worker);
            worker.start();
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(limits.idleTimeoutMs());
            handler.serve(socket);
        } catch (IOException e) {
            if (!listener.isClosed()) log.accept("dropped " + socket.getRemoteSocketAddress() + ": " + e.getMessage());
        } finally {
            connections.remove(socket);
            threads.remove(Thread.currentThread());
        }
    }

    /**
     * Tells a client over the cap why, in one line, then closes. Its request (if it sent one) is read and dropped
     * first, so the close is a FIN the client reads after the line, not a reset that could discard the line.
     */
    private void refuse(Socket socket) {
        int n = refused.incrementAndGet();
        String reason = "server full: " + limits.maxConnections() + " connections already; try again shortly";
        if (n == 1 || n % 100 == 0)
            log.accept("refused " + socket.getRemoteSocketAddress() + " (" + n + " so far): " + reason);
        if (draining.incrementAndGet() > MAX_DRAINING) {
            draining.decrementAndGet();
            closeQuietly(socket);
            return;
        }
        Thread drainer = Thread.ofVirtual()
                .name(name + "-refuse-" + socket.getPort())
                .unstarted(() -> {
                    try (socket) {
                        socket.setSoTimeout(REFUSAL_DRAIN_MS);
                        socket.getOutputStream()
                                .write((REFUSAL_PREFIX + reason + "\n").getBytes(StandardCharsets.US_ASCII));
                        socket.shutdownOutput();
                        socket.getInputStream().skip(Frames.MAX_BODY); // bounded: the drain timeout ends it
                    } catch (IOException e) {
                        // the refused client went away first: nothing more to tell it
                    } finally {
                        draining.decrementAndGet();
                        refusing.remove(socket);
                        threads.remove(Thread.currentThread());
                    }
                });
        refusing.add(socket);
        threads.add(drainer);
        drainer.start();
    }

    /** Whether {@link #close()} has begun: a handler's failure after that is the shutdown, not the client. */
    public boolean closing() {
        return listener.isClosed();
    }

    /** Stops accepting, closes every connection and waits for the server's threads to end. */
    @Override
    public void close() throws IOException {
        listener.close();
        try {
            // First the acceptor: a connection it accepted just before the close is registered by the time it
            // ends, so the loop below cannot miss it.
            acceptor.join(5_000);
            connections.forEach(SocketServer::closeQuietly);
            refusing.forEach(SocketServer::closeQuietly);
            for (Thread t : threads) t.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing: nothing more to do
        }
    }
}
