package dev.socketfaq.serverport.fixed;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.controls.AssertionRequestControl;
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
import dev.socketfaq.serverport.Rendezvous;
import dev.socketfaq.serverport.TimeProtocol;
import dev.socketfaq.serverport.TimeServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
    private final InetAddress address;
    private final InetSocketAddress directory;

    /** {@code address}: where servers listen; {@code directory}: the LDAP server both sides know. */
    public RandomPortInDirectory(InetAddress address, InetSocketAddress directory) {
        this.address = address;
        this.directory = directory;
    }

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
        var listener = new ServerSocket();
        DN dn = entryOf(instance);
        try {
            listener.bind(new InetSocketAddress(address, 0)); // port 0: the OS picks one nobody holds
            int port = listener.getLocalPort();                // getsockname(): which one we got
            publish(dn, publishedHost(), port);                // write it where clients look
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        return new Published(TimeServer.serve(listener, instance, "published as " + dn), dn);
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
                throw new IOException("no entry " + dn + " in the directory at " + url() + ": instance '" + instance + "' is not running");
            }
            return new DirectoryEndpoint(dn.toString(), new InetSocketAddress(
                    InetAddress.getByName(entry.getAttributeValue("ipHostNumber")), entry.getAttributeValueAsInteger("ipServicePort")));
        } catch (LDAPException e) {
            throw new IOException("directory lookup of " + dn + " at " + url() + " failed: " + ServiceDirectory.why(e), e);
        }
    }

    /** A published address; a refused connection means the entry outlived its server. */
    record DirectoryEndpoint(String dn, InetSocketAddress address) implements Endpoint {
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
            try (socket) {
                return TimeProtocol.ask(socket);
            }
        }
    }
    // end::locate[]

    // tag::entry[]
    private void publish(DN dn, String host, int port) throws IOException {
        var entry = new Entry(dn,
                new Attribute("objectClass", "top", "ipService", "ipHost"), // RFC 2307
                new Attribute("cn", dn.getRDN().getAttributeValues()[0]),
                new Attribute("ipHostNumber", host),
                new Attribute("ipServicePort", String.valueOf(port)),
                new Attribute("ipServiceProtocol", "tcp"),
                new Attribute("description", "Socket FAQ Labs time service, pid " + ProcessHandle.current().pid()));
        try (LDAPConnection ldap = ldap()) {
            try {
                ldap.add(entry);
            } catch (LDAPException e) {
                if (e.getResultCode() != ResultCode.ENTRY_ALREADY_EXISTS) throw e;
                replaceIfStale(ldap, dn, entry);
            }
        } catch (LDAPException e) {
            throw new IOException("cannot publish " + dn + " in the directory at " + url() + ": " + ServiceDirectory.why(e), e);
        }
    }
    // end::entry[]

    /** An entry of this name exists: take it over if nothing answers there (its server died), else refuse. */
    private void replaceIfStale(LDAPConnection ldap, DN dn, Entry ours) throws LDAPException, IOException {
        Entry old = ldap.getEntry(dn.toString());
        var published = new InetSocketAddress(old.getAttributeValue("ipHostNumber"), old.getAttributeValueAsInteger("ipServicePort"));
        try {
            new DirectoryEndpoint(dn.toString(), published).ask();
            throw new IOException("instance already running: " + dn + " points to " + published + ", which answers");
        } catch (StaleEntryException stale) {
            ldap.modify(dn.toString(),
                    new Modification(ModificationType.REPLACE, "ipHostNumber", ours.getAttributeValue("ipHostNumber")),
                    new Modification(ModificationType.REPLACE, "ipServicePort", ours.getAttributeValue("ipServicePort")),
                    new Modification(ModificationType.REPLACE, "description", ours.getAttributeValue("description")));
        }
    }

    /**
     * Deletes the entry only while it still holds our port: a server restarted after a crash may have taken it
     * over, and its entry is not ours to remove. The assertion control makes check and delete one operation.
     */
    private void unpublish(DN dn, int port) throws IOException {
        var delete = new DeleteRequest(dn);
        delete.addControl(new AssertionRequestControl(Filter.createEqualityFilter("ipServicePort", String.valueOf(port))));
        try (LDAPConnection ldap = ldap()) {
            ldap.delete(delete);
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.ASSERTION_FAILED || e.getResultCode() == ResultCode.NO_SUCH_OBJECT) return; // not ours
            throw new IOException("could not remove " + dn + " from " + url() + " (it is stale now): " + ServiceDirectory.why(e), e);
        }
    }

    /** The address clients are told: the bound one, or this host's address for a wildcard bind (see lab-getsockname). */
    private String publishedHost() throws IOException {
        return address.isAnyLocalAddress() ? InetAddress.getLocalHost().getHostAddress() : address.getHostAddress();
    }

    private LDAPConnection ldap() throws LDAPException {
        var options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(TimeProtocol.CONNECT_TIMEOUT_MS);
        options.setResponseTimeoutMillis(TimeProtocol.READ_TIMEOUT_MS);
        return new LDAPConnection(options, directory.getAddress().getHostAddress(), directory.getPort());
    }

    private String url() {
        return "ldap://" + directory.getAddress().getHostAddress() + ":" + directory.getPort();
    }
}
