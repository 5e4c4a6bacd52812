package dev.socketfaq.nagle;

import dev.socketfaq.kit.Frames;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import jdk.net.ExtendedSocketOptions;

/**
 * The lab's server: reads a request frame (header, then body) and answers with the body as its reply, in a
 * single write. It is the same for every client, so any difference in round-trip time is the client's.
 *
 * <p>Binds to loopback unless told otherwise. A bad client (garbage, oversized length, stall) loses its own
 * connection and nothing else: the server keeps serving the others.
 */
public final class ReplyServer implements AutoCloseable {
    /** Connections beyond this are refused at once, so a flood of clients cannot exhaust threads. */
    public static final int MAX_CONNECTIONS = 64;
    /** A client that sends nothing for this long is disconnected (slow-loris clients). */
    public static final int IDLE_TIMEOUT_MS = 10_000;

    private final ServerSocket listener;
    private final boolean quickAck;
    private final Consumer<String> log;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger served = new AtomicInteger();
    private final Thread acceptor;

    private ReplyServer(ServerSocket listener, boolean quickAck, Consumer<String> log) {
        this.listener = listener;
        this.quickAck = quickAck;
        this.log = log;
        this.acceptor = Thread.ofPlatform().name("reply-server-accept").start(this::acceptLoop);
        threads.add(acceptor);
    }

    /** Starts a server on {@code bind} (port 0: any free port) that logs to {@code log}. */
    public static ReplyServer start(InetSocketAddress bind, Consumer<String> log) throws IOException {
        return start(bind, false, log);
    }

    /**
     * As {@link #start(InetSocketAddress, Consumer)}; with {@code quickAck} the server ACKs each request
     * header at once (Linux {@code TCP_QUICKACK}) instead of delaying the ACK. The lab uses it to prove the
     * cause of the stall: take away the receiver's delayed ACK and the split write is fast again.
     */
    public static ReplyServer start(InetSocketAddress bind, boolean quickAck, Consumer<String> log) throws IOException {
        var listener = new ServerSocket();
        try {
            listener.bind(bind);
        } catch (IOException e) {
            listener.close();
            throw new SocketException("cannot listen on " + bind.getHostString() + ":" + bind.getPort() + ": " + e.getMessage());
        }
        return new ReplyServer(listener, quickAck, log);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    /** Requests answered so far, over all connections. */
    public int served() {
        return served.get();
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
            Thread worker = Thread.ofPlatform().name("reply-server-" + socket.getPort()).unstarted(() -> serve(socket));
            threads.add(worker);
            worker.start();
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(IDLE_TIMEOUT_MS);
            InputStream in = new BufferedInputStream(socket.getInputStream()); // header and body in one read call
            OutputStream out = socket.getOutputStream();
            while (true) {
                byte[] body = Frames.read(in, () -> ackAtOnceIfAsked(socket));
                if (body == null) {
                    return; // the client closed: done
                }
                out.write(Frames.frame(body).array()); // the reply leaves in one write
                served.incrementAndGet();
            }
        } catch (IOException e) {
            if (!listener.isClosed()) {
                log.accept("dropped " + socket.getRemoteSocketAddress() + ": " + e.getMessage());
            }
        } finally {
            connections.remove(socket);
            threads.remove(Thread.currentThread());
        }
    }

    private void ackAtOnceIfAsked(Socket socket) throws IOException {
        if (quickAck) {
            // Setting TCP_QUICKACK while an ACK is pending makes Linux send it now rather than after the timer.
            socket.setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
        }
    }

    /** Whether this platform can switch off delayed ACK per socket (Linux only). */
    public static boolean quickAckSupported() {
        try (var s = new Socket()) {
            return s.supportedOptions().contains(ExtendedSocketOptions.TCP_QUICKACK);
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops accepting, closes every connection and waits for the server's threads to end. */
    @Override
    public void close() throws IOException {
        listener.close();
        connections.forEach(ReplyServer::closeQuietly);
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
