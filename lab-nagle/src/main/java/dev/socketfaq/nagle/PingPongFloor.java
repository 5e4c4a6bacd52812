package dev.socketfaq.nagle;

import dev.socketfaq.kit.Latencies;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The floor: the fastest round trip Java gets on this machine, one byte each way over a raw socket with no
 * framing. The benchmark compares the fixed client against it, in the same run.
 */
public final class PingPongFloor {
    private PingPongFloor() {}

    public static Latencies.Summary measure(int warmup, int samples) throws IOException, InterruptedException {
        try (var listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread echo = Thread.ofPlatform().name("ping-pong-echo").start(() -> {
                try (Socket s = listener.accept()) {
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    for (int b; (b = in.read()) >= 0; ) {
                        out.write(b);
                    }
                } catch (IOException ignored) {
                    // the client closed: done
                }
            });
            var latencies = new Latencies();
            try (var client = new Socket()) {
                client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()), 3_000);
                client.setSoTimeout(5_000);
                InputStream in = client.getInputStream();
                OutputStream out = client.getOutputStream();
                for (int i = 0; i < warmup + samples; i++) {
                    long start = System.nanoTime();
                    out.write(1);
                    if (in.read() < 0) {
                        throw new IOException("echo closed early");
                    }
                    if (i >= warmup) {
                        latencies.record(System.nanoTime() - start);
                    }
                }
            }
            echo.join(5_000);
            return latencies.summary();
        }
    }
}
