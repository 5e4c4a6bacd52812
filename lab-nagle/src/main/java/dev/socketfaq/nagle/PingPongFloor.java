package dev.socketfaq.nagle;

import dev.socketfaq.kit.Connect;
import dev.socketfaq.kit.Latencies;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The floor: the fastest round trip Java gets on this machine, one byte each way over a raw loopback socket
 * with no framing. The contract test and the benchmark compare the clients against it, in the same run.
 */
public final class PingPongFloor implements AutoCloseable {
    private final ServerSocket listener;
    private final Socket client;
    private final Thread echo;
    private final InputStream in;
    private final OutputStream out;

    private PingPongFloor() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        echo = Thread.ofPlatform().name("ping-pong-echo").start(() -> {
            try (Socket s = listener.accept()) {
                InputStream sin = s.getInputStream();
                OutputStream sout = s.getOutputStream();
                for (int b; (b = sin.read()) >= 0; ) {
                    sout.write(b);
                }
            } catch (IOException ignored) {
                // the client closed: done
            }
        });
        client = Connect.socket((InetSocketAddress) listener.getLocalSocketAddress(), Connect.Setup.NONE);
        in = client.getInputStream();
        out = client.getOutputStream();
    }

    /** Opens the raw ping-pong pair: an echo thread and a connected client. */
    public static PingPongFloor open() throws IOException {
        return new PingPongFloor();
    }

    /** Measures {@code samples} round trips after {@code warmup} unmeasured ones, on a fresh pair. */
    public static Latencies.Summary measure(int warmup, int samples) throws IOException {
        try (var floor = open()) {
            floor.record(warmup, new Latencies());
            var latencies = new Latencies();
            floor.record(samples, latencies);
            return latencies.summary();
        }
    }

    /** Times {@code n} one-byte round trips into {@code into}. */
    public void record(int n, Latencies into) throws IOException {
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            out.write(1);
            if (in.read() < 0) {
                throw new IOException("the echo closed early");
            }
            into.record(System.nanoTime() - start);
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
        listener.close();
        try {
            echo.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
