package dev.socketfaq.serverport.directory;

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
import com.unboundid.ldap.sdk.ModifyRequest;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.controls.AssertionRequestControl;
import dev.socketfaq.kit.Connect;
import dev.socketfaq.serverport.Rendezvous;
import dev.socketfaq.serverport.TimeProtocol;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

// tag::class[]
/**
 * The service entries of one directory, as servers write them and clients read them: RFC 2307 entries
 * {@code cn=<instance>,ou=services,...} with {@code ipHostNumber} and {@code ipServicePort}. Writes go as
 * {@code publisher}; reads are anonymous. An entry is taken over only when it is stale or unusable, and removed
 * only while it still holds the remover's port, each as one operation (an LDAP assertion), so no server replaces
 * or deletes an entry that another live server owns.
 */
public final class ServiceEntries {
    private final InetSocketAddress directory;
    private final Publisher publisher;

    public ServiceEntries(InetSocketAddress directory, Publisher publisher) {
        this.directory = directory;
        this.publisher = publisher;
    }

    public static DN entryOf(String instance) {
        try {
            return new DN(new RDN("cn", Rendezvous.checkInstance(instance)), new DN(ServiceDirectory.SERVICES));
        } catch (LDAPException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes {@code instance} at {@code host}:{@code port}; an entry of that name must be stale to be replaced. */
    public void publish(String instance, InetAddress host, int port) throws IOException {
        DN dn = entryOf(instance);
        var entry = new Entry(
                dn,
                new Attribute("objectClass", "top", "ipService", "ipHost"), // RFC 2307
                new Attribute("cn", instance),
                new Attribute("ipHostNumber", host.getHostAddress()),
                new Attribute("ipServicePort", String.valueOf(port)),
                new Attribute("ipServiceProtocol", "tcp"),
                new Attribute(
                        "description",
                        "Socket FAQ Labs time service, pid "
                                + ProcessHandle.current().pid()));
        try (LDAPConnection ldap = connect()) {
            publisher.bind(ldap);
            try {
                ldap.add(entry);
            } catch (LDAPException e) {
                if (e.getResultCode() != ResultCode.ENTRY_ALREADY_EXISTS) throw e;
                replaceIfStale(ldap, dn, entry);
            }
        } catch (LDAPException e) {
            throw new IOException("cannot publish " + dn + " in the directory at " + url() + ": " + why(e), e);
        }
    }

    /**
     * An entry of this name exists: take it over if nothing answers there, or something other than this instance
     * answers there, or it sends clients nowhere; else refuse. The replace asserts the port it judged stale, so an
     * entry rewritten meanwhile is left alone. A connection closed without a reply, or no reply in time, proves
     * nothing either way: a live instance does that too when it has all the connections it takes.
     */
    private void replaceIfStale(LDAPConnection ldap, DN dn, Entry ours) throws LDAPException, IOException {
        Entry old = ldap.getEntry(dn.toString());
        if (old == null) { // removed since our add failed: its server shut down meanwhile
            ldap.add(ours);
            return;
        }
        try {
            var published = addressOf(old);
            new DirectoryEndpoint(dn.toString(), ours.getAttributeValue("cn"), published).ask();
            throw new IOException("instance already running: " + dn + " points to "
                    + published.getAddress().getHostAddress() + ":" + published.getPort() + ", which answers");
        } catch (StaleEntryException | BadEntryException unusable) {
            var replace = new ModifyRequest(
                    dn,
                    new Modification(ModificationType.REPLACE, "ipHostNumber", ours.getAttributeValue("ipHostNumber")),
                    new Modification(
                            ModificationType.REPLACE, "ipServicePort", ours.getAttributeValue("ipServicePort")),
                    new Modification(ModificationType.REPLACE, "description", ours.getAttributeValue("description")));
            String stalePort = old.getAttributeValue("ipServicePort");
            if (stalePort != null) replace.addControl(assertPort(stalePort));
            ldap.modify(replace);
        }
    }

    /** Deletes the entry only while it still holds {@code port}: a restarted server may own it now. */
    public void unpublish(String instance, int port) throws IOException {
        DN dn = entryOf(instance);
        var delete = new DeleteRequest(dn);
        delete.addControl(assertPort(String.valueOf(port)));
        try (LDAPConnection ldap = connect()) {
            publisher.bind(ldap);
            ldap.delete(delete);
        } catch (LDAPException e) {
            if (e.getResultCode() == ResultCode.ASSERTION_FAILED || e.getResultCode() == ResultCode.NO_SUCH_OBJECT)
                return; // not ours any more
            throw new IOException("could not remove " + dn + " from " + url() + " (it is stale now): " + why(e), e);
        }
    }

    private static AssertionRequestControl assertPort(String port) {
        return new AssertionRequestControl(Filter.createEqualityFilter("ipServicePort", port));
    }

    /** Reads {@code instance}'s entry anonymously: where a client is sent. */
    public DirectoryEndpoint lookup(String instance) throws IOException {
        DN dn = entryOf(instance);
        try (LDAPConnection ldap = connect()) {
            Entry entry = ldap.getEntry(dn.toString(), "ipHostNumber", "ipServicePort");
            if (entry == null) {
                throw new IOException("no entry " + dn + " in the directory at " + url() + ": instance '" + instance
                        + "' is not running");
            }
            return new DirectoryEndpoint(dn.toString(), instance, addressOf(entry));
        } catch (LDAPException e) {
            throw new IOException("directory lookup of " + dn + " at " + url() + " failed: " + why(e), e);
        }
    }

    /**
     * The address an entry publishes, or why it has none. Nothing in it is taken on trust: {@code ipHostNumber} must
     * be an IP literal (RFC 2307 stores addresses; a name would make every client look up whatever the directory
     * holds) and not the wildcard; {@code ipServicePort} a port a client can connect to, 1..65535.
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

    private LDAPConnection connect() throws LDAPException {
        var options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(Connect.CONNECT_TIMEOUT_MS);
        options.setResponseTimeoutMillis(TimeProtocol.READ_TIMEOUT_MS);
        return new LDAPConnection(options, directory.getAddress().getHostAddress(), directory.getPort());
    }

    private String url() {
        return ServiceDirectory.url(directory);
    }

    private String why(LDAPException e) {
        return LdapFailure.why(e, TimeProtocol.READ_TIMEOUT_MS);
    }
}
// end::class[]
