package dev.socketfaq.getsockname.fixed;

import dev.socketfaq.getsockname.CallbackAddress;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * FIXED: advertises the local address of the accepted connection (getsockname on it): the address this
 * client actually reached, so by construction one it can reach again.
 */
public final class AcceptedAddress implements CallbackAddress {

    // tag::accepted[]
    @Override
    public InetAddress advertise(ServerSocket listener, Socket accepted) {
        // tag::solution[] getsockname-accepted-address
        return accepted.getLocalAddress(); // known now: the connection fixed which of our addresses is used
        // end::solution[]
    }
    // end::accepted[]

    // tag::start[] getsockname-accepted-address: tell each client an address it can call back on
    // return listener.getInetAddress();
    // end::start[]
}
