package dev.socketfaq.reserve;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.util.function.IntConsumer;

/**
 * How code gets a port to listen on. The FAQ ("Reserving a port"): the only way to reserve a port is to bind
 * a socket to it. {@code meanwhile} is whatever else runs between the moment the port is chosen and the moment
 * the code uses it (another test, another process); it is told the port number.
 */
public interface PortClaimer {

    /** A listening channel on a free loopback port. */
    ServerSocketChannel claim(IntConsumer meanwhile) throws IOException;
}
