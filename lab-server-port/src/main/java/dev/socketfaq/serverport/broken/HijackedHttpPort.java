package dev.socketfaq.serverport.broken;

import dev.socketfaq.serverport.Rendezvous;
import dev.socketfaq.serverport.TcpEndpoint;
import dev.socketfaq.serverport.TimeServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

// tag::class[]
/**
 * BROKEN (FAQ, "Server port": never hijack a well-known port): the time service listens on the HTTP port
 * "because firewalls let port 80 through". The port belongs to HTTP, so the service and a real web server
 * cannot both run on one host, whichever starts second fails; and an intermediary that checks what it passes
 * (see {@code HttpOnlyFirewall}) drops the traffic anyway, because it does not look like HTTP.
 *
 * <p>{@code httpPort} is 80 on a real host (which needs root to bind); the lab's tests and demo pass the
 * port of a web server they started on port 0, never 80.
 */
public final class HijackedHttpPort implements Rendezvous {
    private final InetAddress address;
    private final int httpPort;

    public HijackedHttpPort(InetAddress address, int httpPort) {
        this.address = address;
        this.httpPort = httpPort;
    }

    @Override
    public TimeServer start(String instance) throws IOException {
        var listener = new ServerSocket();
        try {
            // tag::lesson[]
            listener.bind(new InetSocketAddress(address, httpPort)); // HTTP's port, for a protocol that is not HTTP
            // end::lesson[]
            return TimeServer.serve(listener, instance);
        } catch (IOException e) {
            listener.close();
            throw e; // "Address already in use": the web server was here first
        }
    }

    @Override
    public Endpoint locate(String instance) {
        // tag::lesson[]
        return new TcpEndpoint(new InetSocketAddress(address, httpPort), "the HTTP port, hijacked");
        // end::lesson[]
    }
}
// end::class[]
