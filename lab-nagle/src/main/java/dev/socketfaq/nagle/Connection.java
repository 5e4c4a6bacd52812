package dev.socketfaq.nagle;

import dev.socketfaq.kit.Connect;
import dev.socketfaq.kit.Frames;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;

/**
 * A client's connection: the plumbing the three clients share, so each client shows only how it writes.
 * Connect and read waits are bounded ({@link Connect}); replies are read through a buffer, one read call each.
 */
public final class Connection implements AutoCloseable {
    private final SocketChannel channel;
    private final InputStream in;

    private Connection(SocketChannel channel) throws IOException {
        this.channel = channel;
        this.in = new BufferedInputStream(channel.socket().getInputStream());
    }

    /** Connects to {@code server}; {@code noDelay} switches Nagle off ({@code TCP_NODELAY}). */
    public static Connection open(InetSocketAddress server, boolean noDelay) throws IOException {
        return open(server, socket -> socket.setTcpNoDelay(noDelay));
    }

    /** Connects to {@code server} after {@code setup} has set the socket up (a test's segment size, read timeout). */
    public static Connection open(InetSocketAddress server, Connect.Setup setup) throws IOException {
        return new Connection(Connect.channel(server, setup));
    }

    /** The channel requests are written to. */
    public SocketChannel channel() {
        return channel;
    }

    /** Reads one reply frame, within the read timeout. */
    public byte[] readReply() throws IOException {
        byte[] reply = Frames.read(in);
        if (reply == null) {
            throw new EOFException("the server closed the connection without replying");
        }
        return reply;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
