package dev.socketfaq.serverport.directory;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.schema.Schema;
import com.unboundid.ldif.LDIFException;
import dev.socketfaq.kit.PortHolders;
import dev.socketfaq.kit.SocketServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import javax.net.ServerSocketFactory;
import javax.net.SocketFactory;

/**
 * The "well-known location" of the FAQ's random-port method ("Server port"): a real LDAP directory (UnboundID's
 * in-memory server), so any standard LDAP client can read what the servers publish. Services are entries
 * {@code cn=<instance>,ou=services,dc=socketfaq,dc=dev} of RFC 2307's object classes {@code ipService}
 * (port, protocol) and {@code ipHost} (address), the classes directories use to describe network services.
 */
public final class ServiceDirectory implements AutoCloseable {
    public static final String BASE = "dc=socketfaq,dc=dev";
    public static final String SERVICES = "ou=services," + BASE;

    /**
     * What one client may cost the directory, as for the lab's other servers (the kit's {@link SocketServer}): at most
     * this many connections at once (UnboundID's default: no limit, a thread each) ...
     */
    public static final int MAX_CONNECTIONS = SocketServer.MAX_CONNECTIONS;
    /** ... an LDAP message of at most this many bytes (UnboundID's default is 20 MiB; an entry here is a few hundred) ... */
    public static final int MAX_MESSAGE_BYTES = 64 * 1024;
    /** ... and this long without a byte before the connection is closed (UnboundID's listener has no idle limit of its own). */
    public static final int IDLE_TIMEOUT_MS = SocketServer.IDLE_TIMEOUT_MS;

    private final InMemoryDirectoryServer server;
    private final InetSocketAddress address;
    private final Access access;

    private ServiceDirectory(InMemoryDirectoryServer server, InetSocketAddress address, Access access) {
        this.access = access;
        this.server = server;
        this.address = address;
    }

    /** Starts the directory on {@code bind}:{@code port} (0: any free port); {@code access} says who may write. */
    public static ServiceDirectory start(InetAddress bind, int port, Access access) throws IOException {
        return start(bind, port, access, IDLE_TIMEOUT_MS);
    }

    /** As {@link #start(InetAddress, int, Access)}, with another idle limit (tests need not wait ten seconds). */
    public static ServiceDirectory start(InetAddress bind, int port, Access access, Duration idleLimit)
            throws IOException {
        return start(bind, port, access, Math.toIntExact(idleLimit.toMillis()));
    }

    private static ServiceDirectory start(InetAddress bind, int port, Access access, int idleTimeoutMs)
            throws IOException {
        String where = "cannot start the directory on " + bind.getHostAddress() + ":" + port + ": ";
        var binder = new Binder(idleTimeoutMs);
        try {
            var config = new InMemoryDirectoryServerConfig(BASE);
            config.setMaxConnections(MAX_CONNECTIONS);
            config.setMaxMessageSizeBytes(MAX_MESSAGE_BYTES);
            config.setSchema(Schema.mergeSchemas(Schema.getDefaultStandardSchema(), rfc2307()));
            access.configure(config);
            config.setListenerConfigs(
                    new InMemoryListenerConfig("ldap", bind, port, binder, SocketFactory.getDefault(), null));
            var server = new InMemoryDirectoryServer(config);
            server.add("dn: " + BASE, "objectClass: top", "objectClass: domain", "dc: socketfaq");
            server.add("dn: " + SERVICES, "objectClass: top", "objectClass: organizationalUnit", "ou: services");
            try {
                server.startListening();
            } catch (LDAPException e) {
                server.shutDown(true);
                throw e;
            }
            return new ServiceDirectory(server, new InetSocketAddress(bind, server.getListenPort()), access);
        } catch (LDAPException e) {
            // UnboundID reports a failed bind as text only ("An error occurred while attempting to start listener
            // 'ldap':
            // BindException(Address already in use), ldapSDKVersion=..., revision=..."): say it plainly, and who holds
            // the port
            if (binder.failed != null) {
                String message = binder.failed.getMessage();
                throw new BindException(where
                        + message
                        + (message != null && message.contains("already in use")
                                ? "; " + PortHolders.describe(port)
                                : ""));
            }
            throw new IOException(where + LdapFailure.why(e), e);
        } catch (LDIFException e) {
            throw new IOException(where + e.getMessage(), e);
        }
    }

    /**
     * The listener's socket factory, which keeps the bind error that UnboundID passes on only as text, and gives every
     * accepted connection a read timeout: on it, UnboundID sends the client a notice of disconnection and closes.
     */
    private static final class Binder extends ServerSocketFactory {
        private final int idleTimeoutMs;
        volatile BindException failed;

        Binder(int idleTimeoutMs) {
            this.idleTimeoutMs = idleTimeoutMs;
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            return createServerSocket(port, 50, null);
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog) throws IOException {
            return createServerSocket(port, backlog, null);
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog, InetAddress address) throws IOException {
            var listener = new ServerSocket() {
                @Override
                public Socket accept() throws IOException {
                    Socket connection = super.accept();
                    connection.setSoTimeout(idleTimeoutMs);
                    return connection;
                }
            };
            try {
                listener.bind(new InetSocketAddress(address, port), backlog);
                return listener;
            } catch (BindException e) {
                listener.close();
                failed = e;
                throw e;
            } catch (IOException e) {
                listener.close();
                throw e;
            }
        }
    }

    /** RFC 2307's definitions of ipService and ipHost: not in UnboundID's default schema, standard elsewhere (OpenLDAP's nis.schema). */
    private static Schema rfc2307() throws LDIFException {
        return new Schema(new Entry(
                "dn: cn=schema",
                "objectClass: top",
                "objectClass: ldapSubentry",
                "objectClass: subschema",
                "cn: schema",
                "attributeTypes: ( 1.3.6.1.1.1.1.15 NAME 'ipServicePort' EQUALITY integerMatch "
                        + "SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE X-ORIGIN 'RFC 2307' )",
                "attributeTypes: ( 1.3.6.1.1.1.1.16 NAME 'ipServiceProtocol' SUP name X-ORIGIN 'RFC 2307' )",
                "attributeTypes: ( 1.3.6.1.1.1.1.19 NAME 'ipHostNumber' EQUALITY caseIgnoreIA5Match "
                        + "SYNTAX 1.3.6.1.4.1.1466.115.121.1.26{128} X-ORIGIN 'RFC 2307' )",
                "objectClasses: ( 1.3.6.1.1.1.2.3 NAME 'ipService' SUP top STRUCTURAL "
                        + "MUST ( cn $ ipServicePort $ ipServiceProtocol ) MAY description X-ORIGIN 'RFC 2307' )",
                "objectClasses: ( 1.3.6.1.1.1.2.6 NAME 'ipHost' SUP top AUXILIARY "
                        + "MUST ( cn $ ipHostNumber ) MAY ( l $ description $ manager ) X-ORIGIN 'RFC 2307' )"));
    }

    public InetSocketAddress address() {
        return address;
    }

    /** Who may write here, in a few words. */
    public String access() {
        return access.describe();
    }

    public String url() {
        return url(address);
    }

    public static String url(InetSocketAddress directory) {
        return "ldap://" + directory.getAddress().getHostAddress() + ":" + directory.getPort();
    }

    // tag::ldapsearch[]
    /**
     * The command a standard LDAP client (OpenLDAP's ldapsearch) runs to list the services published in the
     * directory at {@code directory}. It answers only while that directory runs: print it where it does.
     */
    public static String ldapsearch(InetSocketAddress directory) {
        return "ldapsearch -x -H " + url(directory) + " -b " + SERVICES + " '(objectClass=ipService)'";
    }
    // end::ldapsearch[]

    /** The command that publishes an LDIF file as the publisher, its password read from {@code passwordFile}. */
    public static String ldapadd(InetSocketAddress directory, String passwordFile, String ldif) {
        return "ldapadd -x -H " + url(directory) + " -D " + Publisher.DN + " -y " + passwordFile + " -f " + ldif;
    }

    /** As {@link #ldapsearch(InetSocketAddress)}, for this directory. */
    public String ldapsearch() {
        return ldapsearch(address);
    }

    /** Entries under ou=services, for tests and the demo. */
    public int services() throws IOException {
        try {
            return server.countEntriesBelow(SERVICES) - 1;
        } catch (LDAPException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        server.shutDown(true);
    }
}
