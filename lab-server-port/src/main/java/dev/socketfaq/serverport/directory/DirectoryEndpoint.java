package dev.socketfaq.serverport.directory;

import dev.socketfaq.kit.Connect;
import dev.socketfaq.serverport.Rendezvous;
import dev.socketfaq.serverport.TimeProtocol;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.Socket;

// tag::class[]
/**
 * An address read from a directory entry. The entry outlived its server if nothing listens there (connection
 * refused) or if something else answers there: a dead server's port is free for any program to take, so a
 * connection that succeeds proves nothing until the reply is this instance's own ("OK <instance> ...").
 */
public record DirectoryEndpoint(String dn, String instance, InetSocketAddress address) implements Rendezvous.Endpoint {
    @Override
    public String where() {
        return address.getAddress().getHostAddress() + ":" + address.getPort() + " (from " + dn + ")";
    }

    @Override
    public String ask() throws IOException {
        Socket socket;
        try {
            socket = Connect.socket(address, Connect.Setup.NONE); // bounded: a dead host does not hang the client
        } catch (ConnectException e) {
            throw new StaleEntryException(dn, address, e.getCause() == null ? e : e.getCause());
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
// end::class[]
