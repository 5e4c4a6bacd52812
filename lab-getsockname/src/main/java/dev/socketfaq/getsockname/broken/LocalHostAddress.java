package dev.socketfaq.getsockname.broken;

import dev.socketfaq.getsockname.CallbackAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * BROKEN: advertises InetAddress.getLocalHost(): the address the host name resolves to. A multihomed host has
 * one name and several addresses; the clients on every other network get one they cannot reach.
 */
public final class LocalHostAddress implements CallbackAddress {

    // tag::local-host[]
    @Override
    public InetAddress advertise(ServerSocket listener, Socket accepted) throws IOException {
        return InetAddress.getLocalHost(); // one address for every client, whichever network it came from
    }
    // end::local-host[]
}
