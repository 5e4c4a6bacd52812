package dev.socketfaq.nagle.fixed;

import dev.socketfaq.kit.Frames;
import dev.socketfaq.nagle.Connection;
import dev.socketfaq.nagle.RequestClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * SECOND BEST: keep the two writes but switch Nagle off with {@code TCP_NODELAY}. It removes the stall,
 * but every small write now becomes its own segment: more packets per request, on every request. The lab
 * counts them on the client's socket; it is why the protocol fix ({@link GatheringWriteClient}) comes first.
 */
public final class NoDelayClient implements RequestClient {
    private final Connection connection;

    public NoDelayClient(InetSocketAddress server) throws IOException {
        // tag::no-delay[]
        this.connection = Connection.open(server, true); // TCP_NODELAY: send each write at once, ACKed or not
        // end::no-delay[]
    }

    @Override
    public byte[] call(byte[] body) throws IOException {
        connection.channel().write(Frames.header(body.length)); // its own segment
        connection.channel().write(ByteBuffer.wrap(body)); // another segment, sent without waiting for an ACK
        return connection.readReply();
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
