package dev.socketfaq.nagle;

import dev.socketfaq.kit.Frames;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;

/**
 * A client's connection: the plumbing the three clients share, so each client shows only how it writes.
 * Connect and read waits are bounded; replies are read through a buffer (one read call per reply).
 */
public final class Connection implements AutoCloseable {
    public static final int CONNECT_TIMEOUT_MS = 3_000;
    public static final int READ_TIMEOUT_MS = 5_000;

    private final SocketChannel channel;
    private final InputStream in;

    private Connection(SocketChannel channel) throws IOException {
        this.channel = channel;
        this.in = new BufferedInputStream(channel.socket().getInputStream());
    }

    /** Connects to {@code server}; {@code noDelay} switches Nagle off ({@code TCP_NODELAY}). */
    public static Connection open(InetSocketAddress server, boolean noDelay) throws IOException {
        return open(server, noDelay, READ_TIMEOUT_MS);
    }

    /** As {@link #open(InetSocketAddress, boolean)}, giving up on a reply after {@code readTimeoutMs}. */
    public static Connection open(InetSocketAddress server, boolean noDelay, int readTimeoutMs) throws IOException {
        if (server.isUnresolved()) {
            throw new UnknownHostException(server.getHostString());
        }
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, noDelay);
            channel.socket().connect(server, CONNECT_TIMEOUT_MS);
            channel.socket().setSoTimeout(readTimeoutMs); // honoured by the socket's input stream
            return new Connection(channel);
        } catch (IOException e) {
            channel.close();
            var failure = new ConnectException(server.getHostString() + ":" + server.getPort() + ": " + e.getMessage());
            failure.initCause(e);
            throw failure;
        }
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
