package dev.socketfaq.serverport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The time service on a socket the caller has already bound: how it got its port is the lesson, not this class.
 * One virtual thread per connection; {@link #close()} closes the listener and every connection and waits for
 * the threads, so nothing outlives it.
 */
public final class TimeServer implements Rendezvous.Running {
    private final ServerSocket listener;
    private final String instance;
    private final String where;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger accepted = new AtomicInteger();
    private final Thread acceptor;

    private TimeServer(ServerSocket listener, String instance, String where) {
        this.listener = listener;
        this.instance = instance;
        this.where = where;
        this.acceptor = Thread.ofPlatform().name("time-server-" + instance).start(this::acceptLoop);
    }

    /** Serves {@code instance} on {@code bound}, which it now owns. */
    public static TimeServer serve(ServerSocket bound, String instance) {
        return serve(bound, instance, null);
    }

    /** As {@link #serve(ServerSocket, String)}; {@code note} is added to {@link #where()} (e.g. a directory entry). */
    public static TimeServer serve(ServerSocket bound, String instance, String note) {
        var address = (InetSocketAddress) bound.getLocalSocketAddress();
        String where = address.getAddress().getHostAddress() + ":" + address.getPort() + (note == null ? "" : ", " + note);
        return new TimeServer(bound, Rendezvous.checkInstance(instance), where);
    }

    public int port() {
        return listener.getLocalPort();
    }

    @Override
    public String where() {
        return where;
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
                return; // closed by close()
            }
            accepted.incrementAndGet();
            connections.add(socket);
            handlers.execute(() -> {
                try (socket) {
                    TimeProtocol.serve(socket, instance);
                } catch (IOException e) {
                    // this client's connection failed (reset, idle timeout, closed by close()): only it is affected
                } finally {
                    connections.remove(socket);
                }
            });
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : connections) s.close();
        try {
            acceptor.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        handlers.close(); // waits for the handlers, which end now that their sockets are closed
    }
}
