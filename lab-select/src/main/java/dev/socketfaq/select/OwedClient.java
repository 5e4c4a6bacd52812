package dev.socketfaq.select;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * A client that asks for {@code n} bytes and reads them only when told to: until then the reply stays in
 * flight, owed by the server. Its small receive buffer keeps most of a large reply on the server's side.
 */
public final class OwedClient implements AutoCloseable {
    public static final int CONNECT_TIMEOUT_MS = 3_000;
    public static final int READ_TIMEOUT_MS = 5_000;
    private final Socket socket;

    private OwedClient(Socket socket) {
        this.socket = socket;
    }

    /** Connects to {@code server} and asks for {@code bytes} bytes. */
    public static OwedClient request(InetSocketAddress server, int bytes) throws IOException {
        if (server.isUnresolved()) throw new UnknownHostException(server.getHostString());
        var socket = new Socket();
        try {
            socket.setReceiveBufferSize(32 * 1024);
            socket.connect(server, CONNECT_TIMEOUT_MS);
            socket.setSoTimeout(READ_TIMEOUT_MS);
            socket.getOutputStream()
                    .write(ByteBuffer.allocate(Integer.BYTES).putInt(bytes).array());
            return new OwedClient(socket);
        } catch (IOException e) {
            socket.close();
            var failure = new ConnectException(server.getHostString() + ":" + server.getPort() + ": " + e.getMessage());
            failure.initCause(e);
            throw failure;
        }
    }

    /** Bytes that have arrived and wait to be read: more than 0 means the reply is on its way. */
    public int available() throws IOException {
        return socket.getInputStream().available();
    }

    /** Reads exactly {@code n} bytes (within the read timeout). */
    public void readExactly(int n) throws IOException {
        if (socket.getInputStream().readNBytes(n).length < n) {
            throw new java.io.EOFException("the server closed before sending " + n + " bytes");
        }
    }

    /**
     * Reads until the server closes the connection (or resets it, or stops sending for the read timeout)
     * and returns how many bytes arrived.
     */
    public long readUntilClosed() {
        long received = 0;
        byte[] buffer = new byte[64 * 1024];
        try {
            InputStream in = socket.getInputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                received += n;
            }
        } catch (SocketTimeoutException e) {
            // the server went quiet without closing: what arrived is what we got
        } catch (IOException e) {
            // connection reset: what arrived before it is what we got
        }
        return received;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
