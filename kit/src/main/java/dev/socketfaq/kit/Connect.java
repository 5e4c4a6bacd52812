package dev.socketfaq.kit;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.channels.SocketChannel;

/**
 * Client connections with the course's bounds: a connect timeout, a read timeout, and a failure that names the
 * address it failed at. Every lab's clients connect through here, so no client can wait forever.
 */
public final class Connect {
    public static final int CONNECT_TIMEOUT_MS = 3_000;
    public static final int READ_TIMEOUT_MS = 5_000;

    /** What to set on a socket before it connects (TCP_NODELAY, a small receive buffer). */
    @FunctionalInterface
    public interface Setup {
        Setup NONE = socket -> {};

        void apply(Socket socket) throws IOException;
    }

    private Connect() {}

    /** A connected {@link Socket}; its input stream gives up after {@link #READ_TIMEOUT_MS}. */
    public static Socket socket(InetSocketAddress server, Setup setup) throws IOException {
        var socket = new Socket();
        connect(socket, socket, server, setup);
        return socket;
    }

    /** A connected, blocking {@link SocketChannel}; its socket's input stream honours the read timeout. */
    public static SocketChannel channel(InetSocketAddress server, Setup setup) throws IOException {
        var channel = SocketChannel.open();
        connect(channel, channel.socket(), server, setup);
        return channel;
    }

    private static void connect(AutoCloseable owner, Socket socket, InetSocketAddress server, Setup setup)
            throws IOException {
        if (server.isUnresolved()) {
            close(owner);
            throw new UnknownHostException(server.getHostString());
        }
        try {
            setup.apply(socket);
            socket.connect(server, CONNECT_TIMEOUT_MS);
            socket.setSoTimeout(READ_TIMEOUT_MS);
        } catch (IOException e) {
            close(owner);
            var failure = new ConnectException(server.getHostString() + ":" + server.getPort() + ": " + e.getMessage());
            failure.initCause(e);
            throw failure;
        }
    }

    private static void close(AutoCloseable owner) {
        try {
            owner.close();
        } catch (Exception ignored) {
            // the connection failed already: that failure is the one to report
        }
    }
}
