package dev.socketfaq.nagle.broken;

import dev.socketfaq.kit.Frames;
import dev.socketfaq.nagle.Connection;
import dev.socketfaq.nagle.RequestClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * BROKEN (FAQ, "200ms delay"): the request leaves in two small writes, header then body, on a socket with
 * the Nagle algorithm on (the default), and then the client waits for the reply.
 */
public final class SplitWriteClient implements RequestClient {
    private final Connection connection;

    public SplitWriteClient(InetSocketAddress server) throws IOException {
        this.connection = Connection.open(server, false); // Nagle on: every socket's default
    }

    @Override
    public byte[] call(byte[] body) throws IOException {
        // tag::split-write[]
        // Write 1: nothing is unacknowledged yet, so Nagle lets the header go at once.
        connection.channel().write(Frames.header(body.length));
        // Write 2: the header is not ACKed yet and the body is smaller than a segment, so Nagle holds it.
        // The server will not ACK the header on its own: it has no reply to piggyback the ACK on until it
        // has the body, so its delayed-ACK timer runs out first (the FAQ's 200 ms; Linux starts at 40 ms).
        connection.channel().write(ByteBuffer.wrap(body));
        // Read: waits for that timer, every single request.
        return connection.readReply();
        // end::split-write[]
    }

    @Override
    public SocketChannel channel() {
        return connection.channel();
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
