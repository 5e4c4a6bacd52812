package dev.socketfaq.serverport.fixed;

import dev.socketfaq.serverport.Rendezvous;
import dev.socketfaq.serverport.TimeServer;
import dev.socketfaq.serverport.directory.Publisher;
import dev.socketfaq.serverport.directory.ServiceEntries;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

// tag::class[]
/**
 * FIXED (FAQ, "Server port": use a random port): the server binds port 0, so the OS gives it a port nobody
 * holds (no collision is possible), learns which one with getsockname ({@link ServerSocket#getLocalPort()}),
 * and publishes host and port in a well-known location, an LDAP directory, where clients look them up. It
 * publishes as the directory's publisher; clients read anonymously. The price is the infrastructure.
 */
public final class RandomPortInDirectory implements Rendezvous {
    /**
     * Why a server bound to the wildcard cannot publish itself (FAQ, "Local address and port"): its local address is
     * unknown until a connection picks one, and on a host with several networks no single address reaches every
     * client. Whoever runs the server knows which address its clients use; it must be told.
     */
    public static final String WILDCARD_LESSON =
            "a server bound to the wildcard does not know which of this host's addresses its clients can reach "
                    + "(FAQ \"Local address and port\": a wildcard-bound socket's address is unknown until it is connected)";

    private final InetAddress address;
    private final InetAddress advertise; // the address clients are told
    private final ServiceEntries entries;

    /** Servers listen on {@code address}, a specific one: it is what they publish. */
    public RandomPortInDirectory(InetAddress address, InetSocketAddress directory, Publisher publisher) {
        this(address, address, directory, publisher);
    }

    /** {@code advertise}: the address published; with a wildcard {@code address}, the one clients reach it at. */
    public RandomPortInDirectory(
            InetAddress address, InetAddress advertise, InetSocketAddress directory, Publisher publisher) {
        if (advertise.isAnyLocalAddress()) {
            throw new IllegalArgumentException(
                    "cannot publish the wildcard " + advertise.getHostAddress() + ": " + WILDCARD_LESSON);
        }
        if (!address.isAnyLocalAddress() && !advertise.equals(address)) {
            throw new IllegalArgumentException(
                    "cannot publish " + advertise.getHostAddress() + " for a server bound to "
                            + address.getHostAddress() + ": clients would be sent where it does not listen");
        }
        this.address = address;
        this.advertise = advertise;
        this.entries = new ServiceEntries(directory, publisher);
    }

    @Override
    public Published start(String instance) throws IOException {
        var listener = new ServerSocket();
        try {
            // tag::lesson[]
            listener.bind(new InetSocketAddress(address, 0)); // port 0: the OS picks one nobody holds
            int port = listener.getLocalPort(); // getsockname(): which one we got
            entries.publish(instance, advertise, port); // write it where clients look, as the publisher
            // end::lesson[]
            String note = "published as " + ServiceEntries.entryOf(instance) + " (" + advertise.getHostAddress() + ":"
                    + port + ")";
            return new Published(TimeServer.serve(listener, instance, note), entries, instance, port);
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
    }

    @Override
    public Endpoint locate(String instance) throws IOException {
        // tag::lesson[]
        return entries.lookup(instance); // anonymous read; the reply must name the instance, or the entry is stale
        // end::lesson[]
    }

    /** A running instance and its entry; closing removes the entry first. Tests close {@link #server()} alone. */
    public record Published(TimeServer server, ServiceEntries entries, String instance, int port) implements Running {
        @Override
        public String where() {
            return server.where();
        }

        @Override
        public void close() throws IOException {
            try (server) {
                entries.unpublish(instance, port); // first: from now on no client is sent here
            }
        }
    }
}
// end::class[]
