package dev.socketfaq.nagle;

import dev.socketfaq.kit.Latencies;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** Measures round trips of one mode against a server: shared by the demo, the benchmark and the tests. */
public final class RoundTrips {
    /** A small request, far below one segment: the case where Nagle and delayed ACK meet. */
    public static final byte[] REQUEST = "GET /status please".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private RoundTrips() {}

    /**
     * Sends {@code warmup} requests unmeasured (Linux ACKs the first segments of a connection at once, in
     * quick-ACK mode, which hides the stall), then times {@code samples} requests on the same connection.
     * {@code progress} hears each measured request as it completes.
     */
    public static Latencies.Summary measure(
            Mode mode, InetSocketAddress server, int warmup, int samples, Progress progress) throws IOException {
        var latencies = new Latencies();
        try (RequestClient client = mode.connect(server)) {
            record(client, warmup, new Latencies(), Progress.SILENT);
            record(client, samples, latencies, progress);
        }
        return latencies.summary();
    }

    /** Times {@code n} requests of an open client into {@code into}. */
    public static void record(RequestClient client, int n, Latencies into, Progress progress) throws IOException {
        for (int i = 1; i <= n; i++) {
            long start = System.nanoTime();
            check(client.call(REQUEST));
            long nanos = System.nanoTime() - start;
            into.record(nanos);
            progress.measured(i, nanos);
        }
    }

    /**
     * TCP segments sent per request (both ends, data and ACKs, from the kernel's counters) over
     * {@code requests} requests after a warm-up; empty where the OS does not expose the counter.
     */
    public static OptionalDouble segmentsPerRequest(Mode mode, InetSocketAddress server, int requests)
            throws IOException {
        try (RequestClient client = mode.connect(server)) {
            for (int i = 0; i < 20; i++) {
                check(client.call(REQUEST));
            }
            OptionalLong before = TcpCounters.segmentsSent();
            for (int i = 0; i < requests; i++) {
                check(client.call(REQUEST));
            }
            OptionalLong after = TcpCounters.segmentsSent();
            if (before.isEmpty() || after.isEmpty()) {
                return OptionalDouble.empty();
            }
            return OptionalDouble.of((after.getAsLong() - before.getAsLong()) / (double) requests);
        }
    }

    /** Hears each measured request: its number (from 1) and its round trip in nanoseconds. */
    @FunctionalInterface
    public interface Progress {
        Progress SILENT = (request, nanos) -> {};

        void measured(int request, long nanos);
    }

    private static void check(byte[] reply) throws IOException {
        if (!Arrays.equals(reply, REQUEST)) {
            throw new java.net.ProtocolException("the server's reply does not echo the request");
        }
    }
}
