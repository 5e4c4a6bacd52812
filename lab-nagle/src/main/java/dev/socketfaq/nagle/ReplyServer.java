package dev.socketfaq.nagle;

import dev.socketfaq.kit.Frames;
import dev.socketfaq.kit.SocketServer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.function.Consumer;
import jdk.net.ExtendedSocketOptions;

/**
 * The lab's server: reads a request frame (header, then body) and answers with the body as its reply, in a
 * single write. It is the same for every client, so any difference in round-trip time is the client's.
 *
 * <p>Binds to loopback unless told otherwise. A bad client (garbage, oversized length, stall) loses its own
 * connection and nothing else: the server keeps serving the others ({@link SocketServer} does the plumbing).
 */
public final class ReplyServer implements AutoCloseable {
    private final boolean quickAck;
    private final Room room = new Room();
    private SocketServer server;

    private ReplyServer(boolean quickAck) {
        this.quickAck = quickAck;
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
        return start(bind, quickAck, SocketServer.Limits.DEFAULT, log);
    }

    /** As {@link #start(InetSocketAddress, boolean, Consumer)}, with the connection cap and idle limit given. */
    public static ReplyServer start(
            InetSocketAddress bind, boolean quickAck, SocketServer.Limits limits, Consumer<String> log)
            throws IOException {
        var reply = new ReplyServer(quickAck);
        reply.server = SocketServer.start("reply-server", bind, reply::serve, log, limits);
        return reply;
    }

    /** The clients connected now and what the server sees of their requests. */
    public Room room() {
        return room;
    }

    /** Connections refused at the cap so far. */
    public int refused() {
        return server.refused();
    }

    public InetSocketAddress address() {
        return server.address();
    }

    /**
     * Waits until every connection has ended and the server has seen its end; false if one is still open after
     * {@code timeout}. A client that forgets to close keeps a server thread busy until the idle limit.
     */
    public boolean awaitNoConnections(Duration timeout) throws InterruptedException {
        return room.awaitEmpty(timeout);
    }

    private void serve(Socket socket) throws IOException {
        InputStream in = new BufferedInputStream(socket.getInputStream()); // header and body in one read call
        OutputStream out = socket.getOutputStream();
        var client = socket.getRemoteSocketAddress();
        long[] headerAt = new long[1];
        room.joined(client);
        try {
            for (byte[] body; (body = Frames.read(in, () -> headerRead(socket, headerAt))) != null; ) {
                room.served(client, System.nanoTime() - headerAt[0]); // the body's wait: the stall, seen from here
                out.write(Frames.frame(body).array()); // the reply leaves in one write
            }
        } finally {
            room.left(client);
        }
    }

    private void headerRead(Socket socket, long[] headerAt) throws IOException {
        headerAt[0] = System.nanoTime();
        ackAtOnceIfAsked(socket);
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
        server.close();
    }
}
