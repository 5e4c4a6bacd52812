package dev.socketfaq.threadsafety.handle;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Connections addressed by handles that threads pass around and keep in variables. The FAQ ("Sockets
 * thread-safety"): a handle is the caller's variable; once its socket is closed it dangles, and when the number is
 * reused it names someone else's connection.
 */
public interface ConnectionTable extends AutoCloseable {

    /** Connects to {@code peer} and returns the handle that callers keep. */
    long open(InetSocketAddress peer) throws IOException;

    /** Sends {@code data} on the connection {@code handle} names. */
    void send(long handle, byte[] data) throws IOException;

    /** How the handle reads to a person: "descriptor 42". */
    String name(long handle);

    /** Closes the connection {@code handle} names. */
    void close(long handle) throws IOException;

    /** Closes every connection still open. */
    @Override
    void close() throws IOException;
}
