package dev.socketfaq.threadsafety.stream;

import java.io.IOException;
import java.util.List;

/**
 * Sends one message over a TCP stream that several threads share. A message is a frame (a 4-byte length, then
 * the body) that the caller hands over in parts, as real code does: a header, then pieces of the body.
 * The FAQ ("Sockets thread-safety"): the stream is not thread-safe; whole messages must not interleave.
 */
public interface MessageSender extends AutoCloseable {

    /** Sends the parts, concatenated, as one framed message. */
    void send(List<byte[]> parts) throws IOException;

    @Override
    void close() throws IOException;
}
