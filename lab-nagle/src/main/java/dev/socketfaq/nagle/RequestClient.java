package dev.socketfaq.nagle;

import java.io.IOException;

/**
 * The client side of the lab's tiny request/response protocol: a request is a 4-byte length header and a
 * body; the server answers with a reply frame. {@link #call} sends one request and waits for its reply,
 * the write-write-read pattern of the FAQ's "200ms delay" section. Implementations differ only in how
 * the request leaves the socket.
 */
public interface RequestClient extends AutoCloseable {

    /** Sends {@code body} as one request and returns the server's reply. */
    byte[] call(byte[] body) throws IOException;

    @Override
    void close() throws IOException;
}
