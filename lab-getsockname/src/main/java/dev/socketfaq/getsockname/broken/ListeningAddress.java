package dev.socketfaq.getsockname.broken;

import dev.socketfaq.getsockname.CallbackAddress;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** BROKEN: advertises the listening socket's address, which for a wildcard bind is 0.0.0.0: "any", not an address. */
public final class ListeningAddress implements CallbackAddress {

    // tag::listening[]
    @Override
    public InetAddress advertise(ServerSocket listener, Socket accepted) {
        return listener.getInetAddress(); // bound to the wildcard: 0.0.0.0 (or ::), nobody can call that
    }
    // end::listening[]
}
