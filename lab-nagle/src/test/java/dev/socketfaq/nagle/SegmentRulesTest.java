package dev.socketfaq.nagle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.socketfaq.kit.Evidence;
import dev.socketfaq.kit.Frames;
import dev.socketfaq.kit.Latencies;
import dev.socketfaq.kit.Latencies.Summary;
import dev.socketfaq.kit.TcpInfo;
import dev.socketfaq.testkit.FaqClaim;
import dev.socketfaq.testkit.Proves;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The rules behind the stall, each shown where it lets data through: Nagle's rule 2 (a full segment leaves at once,
 * acknowledged or not) and delayed ACK's rule 2 (two full segments are acknowledged at once). Each is set against
 * the small body that stalls on the same connection, so a rule that did not hold would fail its test.
 *
 * <p>The connection's segments are limited to {@link #SEGMENT} bytes ({@code TCP_MAXSEG}): loopback's own are
 * about 64 KiB, too large for several to fit one of the lab's frames.
 */
@Timeout(60)
@Proves(FaqClaim.NAGLE_AND_DELAYED_ACK_RULES)
class SegmentRulesTest {
    static final int SEGMENT = 1000;
    static final int FULL_SEGMENTS = 3; // "several" full segments for Nagle's rule 2
    static final int SAMPLES = 10;
    static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @BeforeEach
    void linuxOnly() {
        TcpInfo.unavailable().ifPresent(reason -> {
            for (String id : List.of("nagle-rule-2", "delayed-ack-rule-2")) {
                Evidence.named(id, "Segment rules").notMeasured(reason).write();
            }
        });
        assumeTrue(TcpInfo.unavailable().isEmpty(), () -> TcpInfo.unavailable().orElseThrow());
    }

    // tag::nagle-rule-2[]
    @Test
    void nagle_sends_full_segments_at_once_though_the_header_is_unacknowledged() throws Exception {
        try (var server = ReplyServer.start(ANY_LOOPBACK_PORT, System.err::println);
                var connection = Connection.open(server.address(), SegmentRulesTest::smallSegments)) {
            int full = TcpInfo.of(connection.channel()).sndMss();
            exchange(connection, RoundTrips.REQUEST.length, RoundTrips.WARMUP); // past the quick-ACK start
            double timer = DelayedAckTimer.of(connection.channel()).ms();

            Exchange underOne = exchange(connection, full - 100, SAMPLES);
            Exchange fullOnes = exchange(connection, FULL_SEGMENTS * full, SAMPLES);
            evidence("nagle-rule-2", "Nagle's rule 2: full segments leave at once", full, timer)
                    .table(
                            Exchange.COLUMNS,
                            List.of(underOne.row("under one segment"), fullOnes.row(FULL_SEGMENTS + " full segments")))
                    .write();

            // rule 1 holds a body under one segment until the header is acknowledged: the timer's wait
            assertThat(underOne.medianMs()).as("body of %d bytes", full - 100).isGreaterThan(0.9 * timer);
            // rule 2: full segments leave at once behind the unacknowledged header; no wait
            assertThat(fullOnes.medianMs())
                    .as("body of %d x %d bytes", FULL_SEGMENTS, full)
                    .isLessThan(timer / 4);
            assertThat(fullOnes.clientDataSegments())
                    .as("header + full segments")
                    .isEqualTo(1 + FULL_SEGMENTS);
        }
    }
    // end::nagle-rule-2[]

    // tag::delayed-ack-rule-2[]
    @Test
    void two_full_segments_are_acknowledged_at_once() throws Exception {
        try (var server = ReplyServer.start(ANY_LOOPBACK_PORT, System.err::println);
                var connection = Connection.open(server.address(), SegmentRulesTest::smallSegments)) {
            int full = TcpInfo.of(connection.channel()).sndMss();
            exchange(connection, RoundTrips.REQUEST.length, RoundTrips.WARMUP); // past the quick-ACK start
            double timer = DelayedAckTimer.of(connection.channel()).ms();

            // a 100-byte tail leaves only once the header is acknowledged (Nagle's rule 1, as in the broken client)
            Exchange tailAlone = exchange(connection, 100, SAMPLES);
            Exchange twoFullThenTail = exchange(connection, 2 * full + 100, SAMPLES);
            evidence(
                            "delayed-ack-rule-2",
                            "Delayed ACK's rule 2: two full segments are acknowledged at once",
                            full,
                            timer)
                    .table(
                            Exchange.COLUMNS,
                            List.of(
                                    tailAlone.row("100-byte tail alone"),
                                    twoFullThenTail.row("2 full segments + 100-byte tail")))
                    .write();

            // alone, the tail waits for the server's delayed-ACK timer
            assertThat(tailAlone.medianMs()).as("body of 100 bytes").isGreaterThan(0.9 * timer);
            // after two full segments the server acknowledges at once, so the same tail is not held for long
            assertThat(twoFullThenTail.medianMs())
                    .as("body of 2 x %d + 100 bytes", full)
                    .isLessThan(timer / 4);
            // that ACK is a segment of its own, ahead of the reply: it did not wait for data to ride on
            assertThat(twoFullThenTail.serverPureAcks())
                    .as("pure ACKs from the server")
                    .isGreaterThanOrEqualTo(1);
        }
    }
    // end::delayed-ack-rule-2[]

    static void smallSegments(Socket socket) throws IOException {
        socket.bind(ANY_LOOPBACK_PORT);
        TcpInfo.limitSegmentSize(socket, SEGMENT);
    }

    /**
     * Requests of {@code bodyBytes} in the broken client's way (header, then body, two writes, Nagle on).
     *
     * @param clientDataSegments data segments the client sent per request
     * @param serverPureAcks segments without data the server sent per request
     */
    record Exchange(int bodyBytes, double medianMs, double clientDataSegments, double serverPureAcks) {
        static final List<String> COLUMNS = List.of(
                "body",
                "bytes",
                "median round trip",
                "data segments sent per request",
                "server's pure ACKs per request");

        List<?> row(String body) {
            return List.of(
                    body,
                    bodyBytes,
                    Summary.format(medianMs),
                    String.format(Locale.ROOT, "%.2f", clientDataSegments),
                    String.format(Locale.ROOT, "%.2f", serverPureAcks));
        }
    }

    static Evidence evidence(String id, String title, int full, double timer) {
        return Evidence.named(id, title)
                .what("One loopback connection, Nagle on, with TCP_MAXSEG " + SEGMENT + ": full segments of " + full
                        + " data bytes; each "
                        + "request written as the broken client writes it, header then body; median of " + SAMPLES
                        + " requests after " + RoundTrips.WARMUP + " warm-up ones; segments from TCP_INFO of both "
                        + "ends; the server's delayed-ACK timeout (tcpi_ato) " + Summary.format(timer) + ".");
    }

    static Exchange exchange(Connection connection, int bodyBytes, int requests) throws IOException {
        byte[] body = new byte[bodyBytes];
        var latencies = new Latencies();
        TcpInfo client = TcpInfo.of(connection.channel());
        TcpInfo server = TcpInfo.ofPeer(connection.channel());
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            connection.channel().write(Frames.header(body.length));
            connection.channel().write(ByteBuffer.wrap(body));
            assertThat(connection.readReply()).hasSize(bodyBytes);
            latencies.record(System.nanoTime() - start);
        }
        TcpInfo clientAfter = TcpInfo.of(connection.channel());
        TcpInfo serverAfter = TcpInfo.ofPeer(connection.channel());
        long pureAcks = (serverAfter.segsOut() - serverAfter.dataSegsOut()) - (server.segsOut() - server.dataSegsOut());
        return new Exchange(
                bodyBytes,
                latencies.summary().medianMs(),
                (clientAfter.dataSegsOut() - client.dataSegsOut()) / (double) requests,
                pureAcks / (double) requests);
    }
}
