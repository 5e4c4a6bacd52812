package dev.socketfaq.nagle;

import dev.socketfaq.kit.Frames;
import dev.socketfaq.kit.Latencies;
import dev.socketfaq.kit.TcpInfo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The exchanges a packet capture records, run by a client host against a lab server: three connections, one line
 * each ({@code CONNECTION kind=... local=... warmup=... requests=... body=...}) so the capture's reader knows which
 * connection is which. Small enough for a capture of a few hundred segments.
 *
 * <ul>
 *   <li>{@code broken}: the split write, past the quick-ACK start, then measured requests: each body waits for the
 *       server's delayed ACK;
 *   <li>{@code fixed}: one write per request, from the first request on;
 *   <li>{@code full-segments}: the broken client's split write with a body of {@link #FULL_SEGMENTS} full segments,
 *       after a warm-up in one write each: Nagle's rule 2 lets full segments go though the header is unacknowledged.
 * </ul>
 *
 * <p>Usage (in a container, by the lab's wire tests): {@code WireExchange <host> <port> <requests>}.
 */
public final class WireExchange {
    /** "Several" full segments in the body of Nagle's rule 2. */
    public static final int FULL_SEGMENTS = 3;

    private WireExchange() {}

    public static void main(String[] args) throws IOException {
        var server = new InetSocketAddress(InetAddress.getByName(args[0]), Integer.parseInt(args[1]));
        int requests = Integer.parseInt(args[2]);
        try (RequestClient broken = Mode.BROKEN.create(server)) {
            RoundTrips.record(broken, RoundTrips.WARMUP + requests, new Latencies(), RoundTrips.Progress.SILENT);
            report(
                    "broken",
                    broken.channel().getLocalAddress(),
                    RoundTrips.WARMUP,
                    requests,
                    RoundTrips.REQUEST.length);
        }
        try (RequestClient fixed = Mode.FIXED.create(server)) {
            RoundTrips.record(fixed, requests, new Latencies(), RoundTrips.Progress.SILENT);
            report("fixed", fixed.channel().getLocalAddress(), 0, requests, RoundTrips.REQUEST.length);
        }
        try (var connection = Connection.open(server, false)) {
            var warm = new GatheringWarmUp(connection);
            for (int i = 0; i < RoundTrips.WARMUP; i++) warm.call(RoundTrips.REQUEST);
            byte[] body =
                    new byte[FULL_SEGMENTS * TcpInfo.of(connection.channel()).sndMss()];
            for (int i = 0; i < requests; i++) {
                // tag::full-segments[]
                connection.channel().write(Frames.header(body.length)); // 4 bytes: sent, unacknowledged
                connection.channel().write(ByteBuffer.wrap(body)); // full segments: Nagle lets them go at once
                // end::full-segments[]
                if (connection.readReply().length != body.length) throw new IOException("short reply");
            }
            report("full-segments", connection.channel().getLocalAddress(), RoundTrips.WARMUP, requests, body.length);
        }
    }

    private static void report(String kind, Object local, int warmup, int requests, int body) {
        System.out.printf(
                "CONNECTION kind=%s local=%s warmup=%d requests=%d body=%d%n",
                kind, local.toString().replaceFirst("^/", ""), warmup, requests, body);
    }

    /** Requests in one write each, so the warm-up of the full-segment connection costs few segments. */
    private record GatheringWarmUp(Connection connection) {
        void call(byte[] body) throws IOException {
            connection.channel().write(new ByteBuffer[] {Frames.header(body.length), ByteBuffer.wrap(body)});
            connection.readReply();
        }
    }
}
