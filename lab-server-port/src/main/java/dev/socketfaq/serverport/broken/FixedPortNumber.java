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
 * BROKEN (FAQ, "Server port"): a port number compiled into client and server. It is neither registered
 * (a well-known port) nor configurable (an agreed-upon port): one per host, forever. A second instance on the
 * same host, a test run next to a running copy, or any other program that happens to hold the number, and
 * the bind fails with "Address already in use"; nothing can be changed without recompiling both sides.
 */
public final class FixedPortNumber implements Rendezvous {
    /**
     * Compiled into the server and into every client. 27001 lies outside the default ranges of ports handed to
     * outgoing connections on Linux (32768-60999) and on Windows and macOS (49152-65535), not outside every host's:
     * FreeBSD's default is 10000-65535, and tuned Linux hosts often start at 1024.
     */
    // tag::lesson[]
    public static final int PORT = 27_001; // in the server and in every client
    // end::lesson[]

    private final InetAddress address;

    public FixedPortNumber(InetAddress address) {
        this.address = address;
    }

    @Override
    public TimeServer start(String instance) throws IOException {
        var listener = new ServerSocket();
        try {
            // tag::lesson[]
            listener.bind(new InetSocketAddress(address, PORT)); // the second instance fails here
            // end::lesson[]
            return TimeServer.serve(listener, instance);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
    }

    @Override
    public Endpoint locate(String instance) {
        // tag::lesson[]
        return new TcpEndpoint(new InetSocketAddress(address, PORT), "the compiled-in port"); // whichever instance
        // end::lesson[]
    }
}
// end::class[]
