package dev.socketfaq.serverport;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldif.LDIFException;
import dev.socketfaq.serverport.directory.LdapFailure;
import dev.socketfaq.serverport.directory.ServiceEntries;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Someone else on the network who wants an instance's clients: it runs a server that answers as that instance,
 * and rewrites the instance's directory entry to point there, without credentials, as {@code ldapmodify -x} would.
 * A client cannot tell the difference by the reply; only the directory can stop it.
 */
public final class Stranger implements TwoInstances.Intruder {
    private final InetSocketAddress directory;
    private final String instance;
    private final TimeServer impostor;

    private Stranger(InetSocketAddress directory, String instance, TimeServer impostor) {
        this.directory = directory;
        this.instance = instance;
        this.impostor = impostor;
    }

    /** Starts the impostor on {@code address}, port 0; {@link #redirect()} aims at {@code directory}. */
    public static Stranger start(InetAddress address, InetSocketAddress directory, String instance) throws IOException {
        var listener = new ServerSocket();
        try {
            listener.bind(new InetSocketAddress(address, 0));
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        return new Stranger(directory, instance, TimeServer.serve(listener, instance));
    }

    public int port() {
        return impostor.port();
    }

    /** Anonymous: replaces the entry's address with the impostor's, or adds the entry if there is none. */
    @Override
    public String redirect() {
        String dn = ServiceEntries.entryOf(instance).toString();
        String host = impostor.where().substring(0, impostor.where().lastIndexOf(':'));
        String port = String.valueOf(port());
        try (var ldap = new LDAPConnection(directory.getAddress().getHostAddress(), directory.getPort())) {
            try {
                ldap.modify(
                        dn,
                        new Modification(ModificationType.REPLACE, "ipHostNumber", host),
                        new Modification(ModificationType.REPLACE, "ipServicePort", port));
            } catch (LDAPException e) {
                if (e.getResultCode() != ResultCode.NO_SUCH_OBJECT) throw e;
                ldap.add(
                        "dn: " + dn,
                        "objectClass: ipService",
                        "objectClass: ipHost",
                        "cn: " + instance,
                        "ipHostNumber: " + host,
                        "ipServicePort: " + port,
                        "ipServiceProtocol: tcp");
            }
            return "a stranger rewrote " + dn + " anonymously: it now says " + host + ":" + port;
        } catch (LDIFException e) {
            throw new IllegalStateException(e); // the entry above is well-formed
        } catch (LDAPException e) {
            return "a stranger's anonymous write to " + dn + " was refused: " + LdapFailure.why(e);
        }
    }

    @Override
    public int clientsReceived() {
        return impostor.accepted();
    }

    @Override
    public String toString() {
        return "a stranger's server at " + impostor.where();
    }

    @Override
    public void close() throws IOException {
        impostor.close();
    }
}
