package dev.socketfaq.threadsafety.stream;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The cost of being correct: how many frames per second several threads get through one loopback connection in
 * each mode, as fast as they can (no barrier per message, no preemption points). One round is one fresh
 * connection: every thread sends its share of messages, and the round ends when the reader has received every byte,
 * so a single writer's queue counts until it is empty. The messages are built before the clock starts.
 */
public final class Throughput {
    private Throughput() {}

    /** One round: {@code frames} frames in {@code nanos}. */
    public record Round(int frames, long nanos) {
        public double framesPerSecond() {
            return frames * 1e9 / nanos;
        }
    }

    // tag::round[]
    public static Round round(Mode mode, int threads, int messagesPerThread, ExecutorService pool) throws Exception {
        var messages = new ArrayList<List<List<byte[]>>>();
        long bytes = 0;
        for (int t = 0; t < threads; t++) {
            messages.add(Messages.all(t, messagesPerThread));
            for (List<byte[]> m : messages.get(t))
                bytes += 4 + m.stream().mapToInt(p -> p.length).sum();
        }
        long expected = bytes;
        try (var listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                var client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                Socket accepted = listener.accept();
                MessageSender sender = mode.create(client.getOutputStream())) {
            accepted.setSoTimeout(30_000);
            var go = new CountDownLatch(1);
            Future<Long> received = pool.submit(
                    () -> drain(accepted.getInputStream(), expected)); // bytes only: broken framing must not stop it
            var senders = new ArrayList<Future<?>>();
            for (int t = 0; t < threads; t++) {
                List<List<byte[]>> mine = messages.get(t);
                senders.add(pool.submit(() -> {
                    go.await();
                    for (List<byte[]> m : mine) sender.send(m);
                    return null;
                }));
            }
            long start = System.nanoTime();
            go.countDown();
            for (Future<?> f : senders) f.get(60, TimeUnit.SECONDS);
            long got = received.get(60, TimeUnit.SECONDS); // the clock stops when the last byte has arrived
            long nanos = System.nanoTime() - start;
            if (got != expected) throw new IOException("the reader received " + got + " of " + expected + " bytes");
            return new Round(threads * messagesPerThread, nanos);
        }
    }
    // end::round[]

    private static long drain(InputStream in, long expected) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; total < expected && (n = in.read(buffer)) > 0; ) total += n;
        return total;
    }
}
