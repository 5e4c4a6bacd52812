package dev.socketfaq.serverport.broken;

import dev.socketfaq.serverport.Rendezvous;
import dev.socketfaq.serverport.TimeServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

// tag::class[]
/**
 * BROKEN (FAQ, "Server port": the client sends the first message to where the server listens): the server binds
 * port 0, which never collides, and tells no one the port it got. The client knows the host and nothing more, so
 * it has nowhere to speak first: the server waits for a connection that cannot come.
 */
public final class UnpublishedRandomPort implements Rendezvous {
    private final InetAddress address;

    public UnpublishedRandomPort(InetAddress address) {
        this.address = address;
    }

    @Override
    public TimeServer start(String instance) throws IOException {
        var listener = new ServerSocket();
        try {
            // tag::lesson[]
            listener.bind(new InetSocketAddress(address, 0)); // a port nobody holds, and nobody is told
            // end::lesson[]
            return TimeServer.serve(listener, instance);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
    }

    @Override
    public Endpoint locate(String instance) throws IOException {
        // tag::lesson[]
        throw new IOException("no port known for instance " + instance + " at " + address.getHostAddress()
                + ": the server bound port 0 and told no one, and the client must speak first, to that port");
        // end::lesson[]
    }
}
// end::class[]
