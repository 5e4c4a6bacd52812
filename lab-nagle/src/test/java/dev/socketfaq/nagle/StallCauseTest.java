package dev.socketfaq.nagle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.socketfaq.kit.Latencies;
import dev.socketfaq.kit.Latencies.Summary;
import dev.socketfaq.kit.TcpInfo;
import dev.socketfaq.testkit.FaqClaim;
import dev.socketfaq.testkit.Proves;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The broken client is slow for the stated reason, not just slow: the stall needs both halves of the FAQ's
 * explanation, Nagle on the sender and delayed ACK on the receiver. Remove either and it is gone; keep both
 * and it lasts as long as the receiver's delayed-ACK timeout, read from the server's own socket.
 */
@Timeout(60)
class StallCauseTest {
    static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    // tag::stall-is-the-timer[]
    @Test
    @Proves(FaqClaim.WRITE_WRITE_READ_STALLS)
    void the_split_write_stall_lasts_as_long_as_the_delayed_ack_timer() throws Exception {
        assumeTrue(TcpInfo.unavailable().isEmpty(), () -> TcpInfo.unavailable().orElseThrow());
        try (var server = ReplyServer.start(ANY_LOOPBACK_PORT, System.err::println);
                RequestClient broken = Mode.BROKEN.create(server.address())) {
            RoundTrips.record(broken, RoundTrips.WARMUP, new Latencies(), RoundTrips.Progress.SILENT);
            var roundTrips = new Latencies();
            RoundTrips.record(broken, 15, roundTrips, RoundTrips.Progress.SILENT);
            // the server's delayed-ACK timeout on this very connection (tcpi_ato of its socket)
            double timer = DelayedAckTimer.of(broken.channel()).ms();
            // not "some slowness": the wait starts at the timer and does not run far past it
            assertThat(roundTrips.summary().medianMs()).isBetween(0.9 * timer, 3 * timer);
        }
    }
    // end::stall-is-the-timer[]

    // tag::quick-ack-removes-stall[]
    @Test
    @Proves(FaqClaim.WRITE_WRITE_READ_STALLS)
    void a_receiver_that_acks_at_once_removes_the_stall() throws Exception {
        assumeTrue(
                ReplyServer.quickAckSupported(),
                "TCP_QUICKACK (switching delayed ACK off per socket) exists on Linux only");
        try (var delaying = ReplyServer.start(ANY_LOOPBACK_PORT, false, System.err::println);
                var quickAcking = ReplyServer.start(ANY_LOOPBACK_PORT, true, System.err::println)) {
            Summary againstDelayedAck = RoundTrips.measure(
                    Mode.BROKEN, delaying.address(), RoundTrips.WARMUP, 15, RoundTrips.Progress.SILENT);
            Summary againstQuickAck = RoundTrips.measure(
                    Mode.BROKEN, quickAcking.address(), RoundTrips.WARMUP, 15, RoundTrips.Progress.SILENT);
            // the same split-write client, Nagle still on: only the receiver's ACK policy differs
            assertThat(againstDelayedAck.medianMs() / againstQuickAck.medianMs())
                    .as(
                            "split write: delayed-ACK server %s vs quick-ACK server %s",
                            Summary.format(againstDelayedAck.medianMs()), Summary.format(againstQuickAck.medianMs()))
                    .isGreaterThan(20);
        }
    }
    // end::quick-ack-removes-stall[]
}
