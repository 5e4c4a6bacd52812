package dev.socketfaq.nagle;

import dev.socketfaq.kit.TcpInfo;
import java.io.IOException;
import java.nio.channels.SocketChannel;

/**
 * The client side of the lab's tiny request/response protocol: a request is a 4-byte length header and a
 * body; the server answers with a reply frame. {@link #call} sends one request and waits for its reply,
 * the write-write-read pattern of the FAQ's "200ms delay" section. Implementations differ only in how
 * the request leaves the socket.
 */
public interface RequestClient extends AutoCloseable {

    /** Sends {@code body} as one request and returns the server's reply. */
    byte[] call(byte[] body) throws IOException;

    /** The socket the requests leave on: the lab counts its segments ({@link TcpInfo}). */
    SocketChannel channel();

    /** Ends the connection: the server sees its end. */
    @Override
    void close() throws IOException;
}
