package dev.socketfaq.serverport.fixed;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.DeleteRequest;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.controls.AssertionRequestControl;
import dev.socketfaq.serverport.Rendezvous;
import dev.socketfaq.serverport.TimeProtocol;
import dev.socketfaq.serverport.TimeServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * FIXED (FAQ, "Server port": use a random port): the server binds port 0, so the OS gives it a port nobody
 * holds (no collision is possible), learns which one with getsockname ({@link ServerSocket#getLocalPort()}),
 * and publishes host and port in a well-known location, an LDAP directory, where clients look them up.
 * The price is the infrastructure: a directory, and entries that can go stale when a server dies.
 */
public final class RandomPortInDirectory implements Rendezvous {
    /** How long a directory has to answer a request, once connected: what a timeout's message names. */
    static final int ANSWER_TIMEOUT_MS = TimeProtocol.READ_TIMEOUT_MS;

    private final InetAddress address;
    private final InetAddress advertise; // null: none given (a specific bind publishes itself)
    private final InetSocketAddress directory;

    /** {@code address}: where servers listen (a specific address: it is what they publish); {@code directory}: the LDAP server both sides know. */
    public RandomPortInDirectory(InetAddress address, InetSocketAddress directory) {
        this(address, null, directory);
    }

    /**
     * {@code advertise}: the address servers publish, required when {@code address} is the wildcard (0.0.0.0 or ::),
     * null or equal to {@code address} otherwise. Refused: the wildcard, or another address than a specific bind's.
     * The client side ({@link #locate}) uses neither address: it reads the entry.
     */
    public RandomPortInDirectory(InetAddress address, InetAddress advertise, InetSocketAddress directory) {
        if (advertise != null && advertise.isAnyLocalAddress()) {
            throw new IllegalArgumentException("cannot publish the wildcard " + advertise.getHostAddress()
                    + ": no client can connect to \"any address\"");
        }
        if (advertise != null && !address.isAnyLocalAddress() && !advertise.equals(address)) {
            throw new IllegalArgumentException(
                    "cannot publish " + advertise.getHostAddress() + " for a server bound to "
                            + address.getHostAddress() + ": clients would be sent where it does not listen");
        }
        this.address = address;
        this.advertise = advertise;
        this.directory = directory;
    }

    /**
     * Why a server bound to the wildcard cannot publish itself (FAQ, "Local address and port"): a wildcard-bound
     * socket's local address is unknown until a connection picks one, and on a host with several networks no single
     * address of its own reaches every client. Guessing one, as InetAddress.getLocalHost() does (lab-getsockname's
     * broken LocalHostAddress), publishes an address that other networks may not reach, or fails where the host
     * name does not resolve. Whoever runs the server knows which address its clients use; it must be told.
     */
    public static final String WILDCARD_LESSON =
            "a server bound to the wildcard does not know which of this host's addresses its clients can reach "
                    + "(FAQ \"Local address and port\": a wildcard-bound socket's address is unknown until it is connected)";

    public static DN entryOf(String instance) {
        try {
            return new DN(new RDN("cn", Rendezvous.checkInstance(instance)), new DN(ServiceDirectory.SERVICES));
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    // tag::publish[]
    @Override
    public Published start(String instance) throws IOException {
        InetAddress host = advertise != null ? advertise : address; // the address clients are told
        if (host.isAnyLocalAddress())
            throw new IllegalStateException(WILDCARD_LESSON + ": give the address to publish"); // never guess one
        var listener = new ServerSocket();
        DN dn = entryOf(instance);
        int port;
        try {
            listener.bind(new InetSocketAddress(address, 0)); // port 0: the OS picks one nobody holds
            port = listener.getLocalPort(); // getsockname(): which one we got
            publish(dn, host.getHostAddress(), port); // write it where clients look
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        return new Published(
                TimeServer.serve(
                        listener, instance, "published as " + dn + " (" + host.getHostAddress() + ":" + port + ")"),
                dn);
    }
    // end::publish[]

    /** A running instance and its entry; closing removes the entry first, so no client is sent here any more. */
    public final class Published implements Running {
        private final TimeServer server;
        private final DN dn;

        Published(TimeServer server, DN dn) {
            this.server = server;
            this.dn = dn;
        }

        /** The server alone: tests close it without the entry to play a crash. */
        public TimeServer server() {
            return server;
        }

        @Override
        public String where() {
            return server.where();
        }

        // tag::unpublish[]
        @Override
        public void close() throws IOException {
            try (server) {
                unpublish(dn, server.port()); // first: from now on no client is sent here
            }
        }
        // end::unpublish[]
    }

    // tag::locate[]
    @Override
    public Endpoint locate(String instance) throws IOException {
        DN dn = entryOf(instance);
        try (LDAPConnection ldap = ldap()) {
            Entry entry = ldap.getEntry(dn.toString(), "ipHostNumber", "ipServicePort");
            if (entry == null) {
                throw new IOException("no entry " + dn + " in the directory at " + url() + ": instance '" + instance
                        + "' is not running");
            }
            return new DirectoryEndpoint(
                    dn.toString(), instance, addressOf(entry)); // checked: an IP literal and a port, no DNS
        } catch (LDAPException e) {
            throw new IOException(
                    "directory lookup of " + dn + " at " + url() + " failed: "
                            + ServiceDirectory.why(e, ANSWER_TIMEOUT_MS),
                    e);
        }
    }

    /**
     * The address an entry publishes, or why it has none. Anyone who can write to the directory can write anything
     * there, so nothing is taken on trust: {@code ipHostNumber} must be an IP literal (RFC 2307 stores addresses; a
     * name would make every client look up whatever the directory holds, and getByName("") is loopback) and not the
     * wildcard; {@code ipServicePort} a port a client can connect to, 1..65535.
     */
    public static InetSocketAddress addressOf(Entry entry) throws BadEntryException {
        String dn = entry.getDN();
        String host = entry.getAttributeValue("ipHostNumber");
        if (host == null) throw new BadEntryException(dn, "ipHostNumber", "is missing");
        InetAddress ip;
        try {
            ip = InetAddress.ofLiteral(host);
        } catch (IllegalArgumentException e) {
            throw new BadEntryException(
                    dn, "ipHostNumber", "'" + host + "' is not an IP address literal (no name is looked up)");
        }
        if (ip.isAnyLocalAddress())
            throw new BadEntryException(
                    dn, "ipHostNumber", "'" + host + "' is the wildcard, which no client can connect to");
        String portText = entry.getAttributeValue("ipServicePort");
        if (portText == null) throw new BadEntryException(dn, "ipServicePort", "is missing");
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535)
            throw new BadEntryException(dn, "ipServicePort", "'" + portText + "' is not a port (1..65535)");
        return new InetSocketAddress(ip, port);
    }

    /**
     * A published address. The entry outlived its server if nothing listens there (connection refused) or if
     * something else answers there: a dead server's port is free for any program to take, so a connection that
     * succeeds proves nothing until the reply is this instance's own ("OK <instance> ...").
     */
    record DirectoryEndpoint(String dn, String instance, InetSocketAddress address) implements Endpoint {
        @Override
        public String where() {
            return address.getAddress().getHostAddress() + ":" + address.getPort() + " (from " + dn + ")";
        }

        @Override
        public String ask() throws IOException {
            Socket socket;
            try {
                socket = TimeProtocol.connect(address); // 2 s connect timeout: a dead host does not hang the client
            } catch (ConnectException | SocketTimeoutException e) {
                throw new StaleEntryException(dn, address, e);
            }
            String reply;
            try (socket) {
                reply = TimeProtocol.ask(socket);
            } catch (ProtocolException notOurs) { // binary bytes, an over-long or unterminated line: not this protocol
                throw new StaleEntryException(dn, address, instance, notOurs.getMessage());
            }
            if (!reply.startsWith("OK " + instance + " ")) { // another protocol's greeting, or another instance
                throw new StaleEntryException(
                        dn,
                        address,
                        instance,
                        "it said '" + (reply.length() > 40 ? reply.substring(0, 40) + "..." : reply) + "'");
            }
            return reply;
        }
    }
    // end::locate[]

    // tag::entry[]
    private void publish(DN dn, String host, int port) throws IOException {
        var entry = new Entry(
                dn,
                new Attribute("objectClass", "top", "ipService", "ipHost"), // RFC 2307
                new Attribute("cn", dn.getRDN().getAttributeValues()[0]),
                new Attribute("ipHostNumber", host),
                new Attribute("ipServicePort", String.valueOf(port)),
                new Attribute("ipServiceProtocol", "tcp"),
                new Attribute(
                        "description",
                        "Socket FAQ Labs time service, pid "
                                + ProcessHandle.current().pid()));
        try (LDAPConnection ldap = ldap()) {
            try {
                ldap.add(entry);
            } catch (LDAPException e) {
                if (e.getResultCode() != ResultCode.ENTRY_ALREADY_EXISTS) throw e;
                replaceIfStale(ldap, dn, entry);
            }
        } catch (LDAPException e) {
            throw new IOException(
                    "cannot publish " + dn + " in the directory at " + url() + ": "
                            + ServiceDirectory.why(e, ANSWER_TIMEOUT_MS),
                    e);
        }
    }
    // end::entry[]

    /**
     * An entry of this name exists: take it over if nothing answers there or something other than this instance
     * answers there (its server died; the port may have been taken since), or if it sends clients nowhere (a bad
     * entry), else refuse. A connection closed without a reply, or no reply in time, is not taken as proof either
     * way: a live instance does that too when it has all the connections it takes (SocketServer's cap).
     */
    private void replaceIfStale(LDAPConnection ldap, DN dn, Entry ours) throws LDAPException, IOException {
        Entry old = ldap.getEntry(dn.toString());
        if (old == null) { // removed since our add failed: its server shut down meanwhile
            ldap.add(ours);
            return;
        }
        try {
            var published = addressOf(old);
            new DirectoryEndpoint(dn.toString(), ours.getAttributeValue("cn"), published)
                    .ask(); // only our own protocol's reply is "alive"
            throw new IOException("instance already running: " + dn + " points to "
                    + published.getAddress().getHostAddress() + ":" + published.getPort() + ", which answers");
        } catch (StaleEntryException | BadEntryException unusable) {
            ldap.modify(
                    dn.toString(),
                    new Modification(ModificationType.REPLACE, "ipHostNumber", ours.getAttributeValue("ipHostNumber")),
                    new Modification(
                            ModificationType.REPLACE, "ipServicePort", ours.getAttributeValue("ipServicePort")),
                    new Modification(ModificationType.REPLACE, "description", ours.getAttributeValue("description")));
        }
    }

    /**
     * Deletes the entry only while it still holds our port: a server restarted after a crash may have taken it
     * over, and its entry is not ours to remove. The assertion control makes check and delete one operation.
     */
    private void unpublish(DN dn, int port) throws IOException {
        var delete = new DeleteRequest(dn);
        delete.addControl(
                new AssertionRequestControl(Filter.createEqualityFilter("ipServicePort", String.valueOf(port))));
        try (LDAPConnection ldap = ldap()) {
            ldap.delete(delete);
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.ASSERTION_FAILED || e.getResultCode() == ResultCode.NO_SUCH_OBJECT)
                return; // not ours
            throw new IOException(
                    "could not remove " + dn + " from " + url() + " (it is stale now): "
                            + ServiceDirectory.why(e, ANSWER_TIMEOUT_MS),
                    e);
        }
    }

    private LDAPConnection ldap() throws LDAPException {
        var options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(TimeProtocol.CONNECT_TIMEOUT_MS);
        options.setResponseTimeoutMillis(ANSWER_TIMEOUT_MS);
        return new LDAPConnection(options, directory.getAddress().getHostAddress(), directory.getPort());
    }

    private String url() {
        return "ldap://" + directory.getAddress().getHostAddress() + ":" + directory.getPort();
    }
}
