package dev.socketfaq.nagle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.socketfaq.kit.Evidence;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** TCP_NODELAY removes the stall but not for free: every small write becomes a segment of its own. */
@Timeout(60)
class SegmentCostTest {
    static final int REQUESTS = 2_000; // enough that other traffic on the machine averages out

    // tag::segment-cost[]
    @Test
    void nodelay_sends_more_segments_per_request_than_one_gathering_write() throws Exception {
        assumeTrue(TcpCounters.segmentsSent().isPresent(), "segment counters come from /proc/net/snmp (Linux)");
        try (var server =
                ReplyServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), System.err::println)) {
            double gathering = RoundTrips.segmentsPerRequest(Mode.FIXED, server.address(), REQUESTS)
                    .orElseThrow();
            double noDelay = RoundTrips.segmentsPerRequest(Mode.NODELAY, server.address(), REQUESTS)
                    .orElseThrow();
            OptionalDouble broken = RoundTrips.segmentsPerRequest(Mode.BROKEN, server.address(), 20);

            Evidence.named("segments-per-request", "TCP segments per request on loopback (both ends, data and ACKs)")
                    .what("OutSegs from /proc/net/snmp before and after " + REQUESTS
                            + " requests (broken: 20), divided by the requests.")
                    .figure("fixed: one gathering write", gathering, "segments/request")
                    .figure("nodelay: split write, TCP_NODELAY", noDelay, "segments/request")
                    .figure("broken: split write, Nagle on", broken.orElse(Double.NaN), "segments/request")
                    .write();
            // the header and the body each travel as a segment of their own: at least half a segment more per request
            assertThat(noDelay)
                    .as("nodelay %.2f vs gathering %.2f segments/request", noDelay, gathering)
                    .isGreaterThan(gathering + 0.5);
        }
    }
    // end::segment-cost[]
}
