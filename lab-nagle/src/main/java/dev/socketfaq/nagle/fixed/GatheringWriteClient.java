package dev.socketfaq.nagle.fixed;

import dev.socketfaq.kit.Frames;
import dev.socketfaq.nagle.Connection;
import dev.socketfaq.nagle.RequestClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * FIXED (FAQ, "200ms delay": "your protocol or usage of sockets is wrong"): the whole request leaves in one
 * gathering write, so there is never a second small segment for Nagle to hold back. Nagle stays on.
 */
public final class GatheringWriteClient implements RequestClient {
    private final Connection connection;

    public GatheringWriteClient(InetSocketAddress server) throws IOException {
        this.connection = Connection.open(server, false); // Nagle stays on: the fix is in how we write
    }

    @Override
    public byte[] call(byte[] body) throws IOException {
        // tag::start[] nagle-one-write: send the request so that no part of it waits for the server's ACK
        // connection.channel().write(Frames.header(body.length));
        // connection.channel().write(ByteBuffer.wrap(body));
        // end::start[]
        // tag::gathering-write[]
        // tag::solution[] nagle-one-write
        // One write call (writev) hands header and body to TCP together: they leave as one segment,
        // nothing is left waiting for an ACK, and the server can answer at once.
        connection.channel().write(new ByteBuffer[] {Frames.header(body.length), ByteBuffer.wrap(body)});
        // end::solution[]
        return connection.readReply();
        // end::gathering-write[]
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
