package dev.socketfaq.nagle;

import dev.socketfaq.kit.Latencies;
import dev.socketfaq.kit.TcpInfo;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Measures round trips of one mode against a server: shared by the demo, the benchmark and the tests. */
public final class RoundTrips {
    /** A small request, far below one segment: the case where Nagle and delayed ACK meet. */
    public static final byte[] REQUEST = "GET /status please".getBytes(StandardCharsets.US_ASCII);

    /** Requests on a new connection before measuring: Linux ACKs a connection's first segments at once. */
    public static final int WARMUP = 20;

    private RoundTrips() {}

    /**
     * Sends {@code warmup} requests unmeasured (Linux ACKs the first segments of a connection at once, in
     * quick-ACK mode, which hides the stall), then times {@code samples} requests on the same connection.
     * {@code progress} hears each measured request as it completes.
     */
    public static Latencies.Summary measure(
            Mode mode, InetSocketAddress server, int warmup, int samples, Progress progress) throws IOException {
        var latencies = new Latencies();
        try (RequestClient client = mode.create(server)) {
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
     * Segments per request counted on the client's own socket ({@link TcpInfo}), over {@code requests} requests
     * after the warm-up. Throws {@link UnsupportedOperationException} where the OS does not count per socket.
     */
    public static Segments segmentsPerRequest(Mode mode, InetSocketAddress server, int requests) throws IOException {
        try (RequestClient client = mode.create(server)) {
            record(client, WARMUP, new Latencies(), Progress.SILENT);
            TcpInfo before = TcpInfo.of(client.channel());
            record(client, requests, new Latencies(), Progress.SILENT);
            TcpInfo after = TcpInfo.of(client.channel());
            return new Segments(
                    (after.dataSegsOut() - before.dataSegsOut()) / (double) requests,
                    (after.segsOut() - before.segsOut()) / (double) requests,
                    (after.segsIn() - before.segsIn()) / (double) requests);
        }
    }

    /**
     * Segments of one connection per request, as its client counted them.
     *
     * @param dataOut segments the client sent carrying request bytes
     * @param out every segment the client sent: data and pure ACKs
     * @param in every segment the client received: replies and the server's ACKs
     */
    public record Segments(double dataOut, double out, double in) {}

    /** Hears each measured request: its number (from 1) and its round trip in nanoseconds. */
    @FunctionalInterface
    public interface Progress {
        Progress SILENT = (request, nanos) -> {};

        void measured(int request, long nanos);
    }

    private static void check(byte[] reply) throws IOException {
        if (!Arrays.equals(reply, REQUEST)) {
            throw new ProtocolException("the server's reply does not echo the request");
        }
    }
}
