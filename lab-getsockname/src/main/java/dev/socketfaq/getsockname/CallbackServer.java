package dev.socketfaq.getsockname;

import dev.socketfaq.kit.Lines;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The lab's server: it tells each client where to call it back, as an FTP server's passive-mode reply does.
 * <pre>
 *   client: HELLO [listening|local-host|accepted]     server: CALLBACK &lt;address&gt; &lt;port&gt;
 *   client: PING                                      server: PONG
 * </pre>
 * A client may name the strategy (so one server shows all three); without a name the server's own is used. Any
 * other line gets {@code ERR <reason>} and the connection is closed.
 *
 * <p>The lesson is about a server bound to the wildcard address (the FAQ's "Local address and port"), so the
 * demo binds one. Unless {@code allowRemote} is set, a wildcard-bound server still serves loopback peers only:
 * it listens on every network, but talks to nobody outside this machine.
 */
public final class CallbackServer implements AutoCloseable {
    public static final int MAX_LINE = 256;
    public static final int MAX_CONNECTIONS = 64;
    public static final int IDLE_TIMEOUT_MS = 10_000;

    private final ServerSocket listener;
    private final Advertise strategy;
    private final boolean allowRemote;
    private final Consumer<String> log;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    private CallbackServer(ServerSocket listener, Advertise strategy, boolean allowRemote, Consumer<String> log) {
        this.listener = listener;
        this.strategy = strategy;
        this.allowRemote = allowRemote;
        this.log = log;
        Thread acceptor = Thread.ofPlatform().name("callback-server-accept").unstarted(this::acceptLoop);
        threads.add(acceptor);
        acceptor.start();
    }

    /** Starts a server on {@code bind}; {@code allowRemote}: also serve peers that are not on this machine. */
    public static CallbackServer start(InetSocketAddress bind, Advertise strategy, boolean allowRemote, Consumer<String> log)
            throws IOException {
        var listener = new ServerSocket();
        try {
            listener.bind(bind);
        } catch (IOException e) {
            listener.close();
            throw new SocketException("cannot listen on " + bind.getHostString() + ":" + bind.getPort() + ": " + e.getMessage());
        }
        return new CallbackServer(listener, strategy, allowRemote, log);
    }

    /** The listening socket's address: for a wildcard bind, 0.0.0.0 (or ::) and the port. */
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                return; // closed by close(): the normal way out
            }
            if (!allowRemote && !isOnThisMachine(socket.getInetAddress())) {
                log.accept("refused " + socket.getRemoteSocketAddress() + ": not on this machine (start the server with --allow-remote)");
                closeQuietly(socket);
            } else if (connections.size() >= MAX_CONNECTIONS) {
                log.accept("refused " + socket.getRemoteSocketAddress() + ": " + MAX_CONNECTIONS + " connections already");
                closeQuietly(socket);
            } else {
                connections.add(socket);
                Thread worker = Thread.ofPlatform().name("callback-server-" + socket.getPort()).unstarted(() -> serve(socket));
                threads.add(worker);
                worker.start();
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(IDLE_TIMEOUT_MS);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            try {
                for (String line; (line = Lines.read(in, MAX_LINE)) != null; ) {
                    String[] words = line.split(" ", -1);
                    switch (words[0]) {
                        case "HELLO" -> Lines.write(out, callback(socket, words));
                        case "PING" -> Lines.write(out, "PONG");
                        case "QUIT" -> { return; }
                        default -> throw new IllegalArgumentException("unknown command '" + words[0] + "' (HELLO, PING, QUIT)");
                    }
                }
            } catch (Lines.BadLineException | IllegalArgumentException e) {
                log.accept("dropped " + socket.getRemoteSocketAddress() + ": " + e.getMessage());
                Lines.write(out, "ERR " + e.getMessage());
                lingeringClose(socket, in);
            }
        } catch (IOException e) {
            if (!listener.isClosed()) log.accept("dropped " + socket.getRemoteSocketAddress() + ": " + e.getMessage());
        } finally {
            connections.remove(socket);
            threads.remove(Thread.currentThread());
        }
    }

    /**
     * Ends the connection so the client still reads our ERR line: closing a socket with unread input makes TCP send
     * a reset, which can destroy data still on its way. So: send FIN first, then discard what the client sent, up
     * to a bound, until it closes too.
     */
    private static void lingeringClose(Socket socket, InputStream in) throws IOException {
        socket.shutdownOutput();
        socket.setSoTimeout(1_000);
        byte[] discard = new byte[4096];
        for (int total = 0, n; total < 64 * 1024 && (n = in.read(discard)) != -1; total += n) {
            // discarded: the client's request is already answered with ERR
        }
    }

    private String callback(Socket socket, String[] words) throws IOException {
        if (words.length > 2) throw new IllegalArgumentException("HELLO takes at most one word: the strategy");
        Advertise chosen = words.length == 2 ? Advertise.parse(words[1]) : strategy;
        InetAddress advertised = chosen.strategy().advertise(listener, socket);
        // The port needs no strategy: a bound socket always knows its port (getsockname), wildcard or not.
        log.accept(socket.getRemoteSocketAddress() + " reached " + socket.getLocalSocketAddress() + ", told ("
                + chosen.label() + "): " + advertised.getHostAddress() + " " + listener.getLocalPort());
        return "CALLBACK " + advertised.getHostAddress() + " " + listener.getLocalPort();
    }

    private static boolean isOnThisMachine(InetAddress peer) {
        return peer.isLoopbackAddress();
    }

    /** Stops accepting, closes every connection and waits for the server's threads to end. */
    @Override
    public void close() throws IOException {
        listener.close();
        connections.forEach(CallbackServer::closeQuietly);
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
