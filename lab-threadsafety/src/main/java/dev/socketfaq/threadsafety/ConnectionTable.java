package dev.socketfaq.threadsafety;

import java.io.IOException;
import java.net.Socket;

/**
 * An application's table of connections, addressed by small numbers, as the OS addresses sockets by handles.
 * The FAQ ("Sockets thread-safety"): a handle is the caller's variable; once its socket is closed it dangles,
 * and when the number is reused it points at someone else's connection.
 */
public interface ConnectionTable extends AutoCloseable {

    /** Registers a connected socket and returns the handle that callers keep. */
    long open(Socket connection);

    /** Sends {@code data} on the connection {@code handle} names. */
    void send(long handle, byte[] data) throws IOException;

    /** How the handle reads to a person: "connection 42". */
    default String name(long handle) {
        return "connection " + handle;
    }

    /** Closes the connection {@code handle} names and frees its slot. */
    void close(long handle) throws IOException;

    /** Closes every connection still open. */
    @Override
    void close() throws IOException;
}
