package dev.socketfaq.threadsafety.stream;

import dev.socketfaq.kit.SocketServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.function.Consumer;

/**
 * The stream lab's server for two machines: for each connection it counts the intact and corrupt messages that
 * arrive and reports them when the client is done. Each connection has a thread of its own and an idle limit
 * ({@link SocketServer}), so a stalled or hostile client holds up nobody else.
 */
public final class TallyServer implements AutoCloseable {
    private final Consumer<String> log;
    private SocketServer server;

    private TallyServer(Consumer<String> log) {
        this.log = log;
    }

    /** Starts a server on {@code bind} that reports one line per connection to {@code log}. */
    public static TallyServer start(InetSocketAddress bind, Consumer<String> log) throws IOException {
        var tally = new TallyServer(log);
        tally.server = SocketServer.start("tally-server", bind, tally::count, log);
        return tally;
    }

    private void count(Socket socket) throws IOException {
        // a client silent for the idle limit ends its count; the report says it went silent, not that it was corrupt
        Messages.Tally t = Messages.read(socket.getInputStream());
        if (!server.closing()) log.accept(report(socket, t));
    }

    public InetSocketAddress address() {
        return server.address();
    }

    /**
     * The report for one connection: "{@code <peer>: intact N, corrupt M}", the first corruption if any, and
     * whether the client was dropped for being silent the whole idle limit.
     */
    public static String report(Socket peer, Messages.Tally t) {
        return peer.getRemoteSocketAddress() + ": intact " + t.intact() + ", corrupt " + t.corrupt()
                + (t.firstCorruption() == null ? "" : " (first: " + t.firstCorruption() + ")")
                + (t.timedOut()
                        ? "; then silent for " + SocketServer.IDLE_TIMEOUT_MS / 1000
                                + " s (the idle limit): disconnected"
                        : "");
    }

    /** Stops accepting, closes every connection and waits for the server's threads to end. */
    @Override
    public void close() throws IOException {
        server.close();
    }
}
