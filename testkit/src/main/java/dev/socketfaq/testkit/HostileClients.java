package dev.socketfaq.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * Clients that misbehave on purpose, for the labs' hostile-input tests: garbage, truncated or oversized frames,
 * a client that sends one byte and stalls (slow loris), a client that never reads. Each one is bounded: it never
 * waits longer than it is told, so a test that uses it cannot hang.
 */
public final class HostileClients {
    /** The most a hostile client reads back: a server that answers garbage with more than this is suspicious anyway. */
    public static final int MAX_REPLY = 1 << 20;

    private HostileClients() {}

    /**
     * What came back: the bytes the server sent, and how the connection ended from the client's side: closed by the
     * server (end of stream or reset), or still open when the client's patience ran out.
     */
    public record Reply(byte[] received, boolean closedByServer) {}

    /**
     * Connects, sends {@code bytes}, ends its side of the stream (so a truncated message stays truncated), and reads
     * until the server closes the connection or {@code patience} passes.
     */
    public static Reply send(InetSocketAddress server, byte[] bytes, Duration patience) {
        try (var socket = new Socket()) {
            socket.connect(server, 2_000);
            try {
                socket.getOutputStream().write(bytes);
                socket.shutdownOutput();
            } catch (IOException e) {
                return new Reply(new byte[0], true); // the server closed on us while we were still sending
            }
            return readUntilClosed(socket, patience);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the server under test at " + server, e);
        }
    }

    /** A connection that sent one byte and then nothing; close it to end the stall. */
    public static Socket slowLoris(InetSocketAddress server, byte first) {
        var socket = new Socket();
        try {
            socket.connect(server, 2_000);
            socket.getOutputStream().write(first);
            return socket;
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already failing
            }
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A connection that sends {@code request} again and again and never reads a reply, until the server stops
     * taking requests (its replies have filled both socket buffers) or {@code patience} passes. Close it to end.
     */
    public static java.nio.channels.SocketChannel neverReads(
            InetSocketAddress server, byte[] request, Duration patience) {
        try {
            var channel = java.nio.channels.SocketChannel.open(server);
            channel.configureBlocking(false);
            long deadline = System.nanoTime() + patience.toNanos();
            long stalledSince = 0;
            var buffer = java.nio.ByteBuffer.wrap(request);
            while (System.nanoTime() < deadline) {
                if (!buffer.hasRemaining()) buffer.rewind();
                if (channel.write(buffer) > 0) {
                    stalledSince = 0;
                } else if (stalledSince == 0) {
                    stalledSince = System.nanoTime();
                } else if (System.nanoTime() - stalledSince > 200_000_000L) {
                    break; // the server no longer reads from us: it is blocked on its replies, or has given up on us
                } else {
                    Thread.onSpinWait();
                }
            }
            return channel;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the server under test at " + server, e);
        }
    }

    private static Reply readUntilClosed(Socket socket, Duration patience) throws IOException {
        long deadline = System.nanoTime() + patience.toNanos();
        var received = new java.io.ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        while (received.size() < MAX_REPLY) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return new Reply(received.toByteArray(), false);
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            try {
                int n = in.read(buffer);
                if (n < 0) return new Reply(received.toByteArray(), true);
                received.write(buffer, 0, n);
            } catch (SocketTimeoutException e) {
                return new Reply(received.toByteArray(), false);
            } catch (IOException e) {
                return new Reply(received.toByteArray(), true); // reset by the server
            }
        }
        return new Reply(received.toByteArray(), false);
    }
}
