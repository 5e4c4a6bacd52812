package dev.socketfaq.kit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The plumbing every lab's demo server shares, so that a lab's server class holds only its protocol: one thread
 * that accepts, one thread per connection with an idle limit, a cap on connections, and a {@link #close()} that
 * closes every connection and waits for every thread. A bad client costs only its own connection; the
 * {@link Handler} sees one connection and may simply throw {@link IOException} to drop it.
 */
public final class SocketServer implements AutoCloseable {
    /** Connections beyond this are refused at once, so a flood of clients cannot exhaust threads. */
    public static final int MAX_CONNECTIONS = 64;
    /** A client that sends nothing for this long is disconnected (slow-loris clients); a handler may change it. */
    public static final int IDLE_TIMEOUT_MS = 10_000;

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
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread acceptor;

    private SocketServer(String name, ServerSocket listener, Handler handler, Consumer<String> log) {
        this.name = name;
        this.listener = listener;
        this.handler = handler;
        this.log = log;
        this.acceptor = Thread.ofPlatform().name(name + "-accept").unstarted(this::acceptLoop);
        acceptor.start();
    }

    /** Binds {@code bind} (port 0: any free port) and serves it; a port that is taken is one clear error. */
    public static SocketServer start(String name, InetSocketAddress bind, Handler handler, Consumer<String> log)
            throws IOException {
        var listener = new ServerSocket();
        try {
            listener.bind(bind);
        } catch (IOException e) {
            listener.close();
            throw new SocketException(
                    "cannot listen on " + bind.getHostString() + ":" + bind.getPort() + ": " + e.getMessage());
        }
        return new SocketServer(name, listener, handler, log);
    }

    /** Serves a socket the caller has already bound (and now hands over: {@link #close()} closes it). */
    public static SocketServer serve(String name, ServerSocket bound, Handler handler, Consumer<String> log) {
        return new SocketServer(name, bound, handler, log);
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

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                return; // closed by close(): the normal way out
            }
            accepted.incrementAndGet();
            if (connections.size() >= MAX_CONNECTIONS) {
                log.accept(
                        "refused " + socket.getRemoteSocketAddress() + ": " + MAX_CONNECTIONS + " connections already");
                closeQuietly(socket);
                continue;
            }
            connections.add(socket);
            Thread worker =
                    Thread.ofPlatform().name(name + "-" + socket.getPort()).unstarted(() -> serve(socket));
            threads.add(worker);
            worker.start();
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(IDLE_TIMEOUT_MS);
            handler.serve(socket);
        } catch (IOException e) {
            if (!listener.isClosed()) log.accept("dropped " + socket.getRemoteSocketAddress() + ": " + e.getMessage());
        } finally {
            connections.remove(socket);
            threads.remove(Thread.currentThread());
        }
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
