package dev.socketfaq.serverport;

import dev.socketfaq.kit.SocketServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * The time service on a socket the caller has already bound: how it got its port is the lesson, not this class.
 * {@link SocketServer} does the plumbing: a thread per connection, an idle limit, and a {@link #close()} that closes
 * the listener and every connection and waits for the threads, so nothing outlives it.
 */
public final class TimeServer implements Rendezvous.Running {
    private final String where;
    private final SocketServer server;

    private TimeServer(ServerSocket listener, String instance, String where) {
        this.where = where;
        // a client's failure (reset, idle timeout, garbage) ends its own connection only: nothing to report
        this.server = SocketServer.serve(
                "time-server-" + instance, listener, socket -> TimeProtocol.serve(socket, instance), line -> {});
    }

    /** Serves {@code instance} on {@code bound}, which it now owns. */
    public static TimeServer serve(ServerSocket bound, String instance) {
        return serve(bound, instance, null);
    }

    /** As {@link #serve(ServerSocket, String)}; {@code note} is added to {@link #where()} (e.g. a directory entry). */
    public static TimeServer serve(ServerSocket bound, String instance, String note) {
        var address = (InetSocketAddress) bound.getLocalSocketAddress();
        String where =
                address.getAddress().getHostAddress() + ":" + address.getPort() + (note == null ? "" : ", " + note);
        return new TimeServer(bound, Rendezvous.checkInstance(instance), where);
    }

    public InetSocketAddress address() {
        return server.address();
    }

    public int port() {
        return server.address().getPort();
    }

    @Override
    public String where() {
        return where;
    }

    /** Connections accepted so far: zero means no traffic ever reached this server. */
    public int accepted() {
        return server.accepted();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
