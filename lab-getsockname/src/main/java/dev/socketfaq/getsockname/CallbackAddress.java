package dev.socketfaq.getsockname;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Which address a server tells a client to call it back on (as FTP's PORT/PASV replies do). The FAQ ("Local
 * address and port"): the port of a bound socket is always known, but the address of a wildcard-bound socket is
 * known only once it is connected, and on a multihomed host it differs per connection.
 */
public interface CallbackAddress {

    /** The address to advertise to the client of {@code accepted}, which reached {@code listener}. */
    InetAddress advertise(ServerSocket listener, Socket accepted) throws IOException;
}
