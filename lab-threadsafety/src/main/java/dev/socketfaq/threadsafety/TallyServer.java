package dev.socketfaq.threadsafety;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The stream lab's server for two machines: for each connection it counts the intact and corrupt messages that
 * arrive and reports them when the client is done. Each connection has a thread of its own and an idle limit, so
 * a stalled or hostile client holds up nobody else.
 */
public final class TallyServer implements AutoCloseable {
    public static final int IDLE_TIMEOUT_MS = 10_000;
    public static final int MAX_CONNECTIONS = 64;

    private final ServerSocket listener;
    private final Consumer<String> log;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    private TallyServer(ServerSocket listener, Consumer<String> log) {
        this.listener = listener;
        this.log = log;
        Thread acceptor = Thread.ofPlatform().name("tally-server-accept").unstarted(this::acceptLoop);
        threads.add(acceptor);
        acceptor.start();
    }

    /** Starts a server on {@code bind} that reports one line per connection to {@code log}. */
    public static TallyServer start(InetSocketAddress bind, Consumer<String> log) throws IOException {
        var listener = new ServerSocket();
        try {
            listener.bind(bind);
        } catch (IOException e) {
            listener.close();
            throw new java.net.SocketException("cannot listen on " + bind.getHostString() + ":" + bind.getPort() + ": " + e.getMessage());
        }
        return new TallyServer(listener, log);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    /** The report for one connection: "{@code <peer>: intact N, corrupt M}", and the first corruption if any. */
    public static String report(Socket peer, Messages.Tally t) {
        return peer.getRemoteSocketAddress() + ": intact " + t.intact() + ", corrupt " + t.corrupt()
                + (t.firstCorruption() == null ? "" : " (first: " + t.firstCorruption() + ")");
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                return; // closed by close(): the normal way out
            }
            if (connections.size() >= MAX_CONNECTIONS) {
                log.accept("refused " + socket.getRemoteSocketAddress() + ": " + MAX_CONNECTIONS + " connections already");
                closeQuietly(socket);
                continue;
            }
            connections.add(socket);
            Thread worker = Thread.ofPlatform().name("tally-server-" + socket.getPort()).unstarted(() -> serve(socket));
            threads.add(worker);
            worker.start();
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(IDLE_TIMEOUT_MS); // a client silent this long ends its count (as a framing error)
            Messages.Tally t = Messages.read(socket.getInputStream());
            if (!listener.isClosed()) log.accept(report(socket, t));
        } catch (IOException e) {
            if (!listener.isClosed()) log.accept("dropped " + socket.getRemoteSocketAddress() + ": " + e.getMessage());
        } finally {
            connections.remove(socket);
            threads.remove(Thread.currentThread());
        }
    }

    /** Stops accepting, closes every connection and waits for the server's threads to end. */
    @Override
    public void close() throws IOException {
        listener.close();
        connections.forEach(TallyServer::closeQuietly);
        for (Thread t : threads) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
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
