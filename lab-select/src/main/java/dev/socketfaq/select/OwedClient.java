package dev.socketfaq.select;

import dev.socketfaq.kit.Connect;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;

/**
 * A client that asks for {@code n} bytes and reads them only when told to: until then the reply stays in
 * flight, owed by the server. Its small receive buffer keeps most of a large reply on the server's side.
 */
public final class OwedClient implements AutoCloseable {
    private final Socket socket;

    private OwedClient(Socket socket) {
        this.socket = socket;
    }

    /** Connects to {@code server} and asks for {@code bytes} bytes. */
    public static OwedClient request(InetSocketAddress server, int bytes) throws IOException {
        Socket socket = Connect.socket(server, s -> s.setReceiveBufferSize(32 * 1024));
        try {
            socket.getOutputStream()
                    .write(ByteBuffer.allocate(Integer.BYTES).putInt(bytes).array());
            return new OwedClient(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Bytes that have arrived and wait to be read: more than 0 means the reply is on its way. */
    public int available() throws IOException {
        return socket.getInputStream().available();
    }

    /** Reads exactly {@code n} bytes (within the read timeout). */
    public void readExactly(int n) throws IOException {
        if (socket.getInputStream().readNBytes(n).length < n) {
            throw new EOFException("the server closed before sending " + n + " bytes");
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
