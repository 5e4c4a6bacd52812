package dev.socketfaq.nagle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.socketfaq.kit.Evidence;
import dev.socketfaq.kit.TcpInfo;
import dev.socketfaq.testkit.FaqClaim;
import dev.socketfaq.testkit.Proves;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** TCP_NODELAY removes the stall but not for free: every small write becomes a segment of its own. */
@Timeout(60)
class SegmentCostTest {
    static final int REQUESTS = 200;

    // tag::segment-cost[]
    @Test
    @Proves(FaqClaim.PROTOCOL_IS_THE_FIX)
    void nodelay_sends_a_segment_per_write_where_the_gathering_write_sends_one() throws Exception {
        TcpInfo.unavailable()
                .ifPresent(reason -> Evidence.named("segments-per-request", "TCP segments per request")
                        .notMeasured(reason)
                        .write());
        assumeTrue(TcpInfo.unavailable().isEmpty(), () -> TcpInfo.unavailable().orElseThrow());
        var perRequest = new EnumMap<Mode, RoundTrips.Segments>(Mode.class);
        try (var server =
                ReplyServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), System.err::println)) {
            for (Mode mode : Mode.values()) {
                // counted on the client's own socket (TCP_INFO): no other connection moves these counts
                perRequest.put(
                        mode,
                        RoundTrips.segmentsPerRequest(mode, server.address(), mode.meetsContract() ? REQUESTS : 20));
            }
        }
        writeEvidence(perRequest);
        double fixed = perRequest.get(Mode.FIXED).dataOut();
        double noDelay = perRequest.get(Mode.NODELAY).dataOut();
        assertThat(fixed).as("data segments per request, one gathering write").isLessThanOrEqualTo(1.05);
        assertThat(noDelay)
                .as("data segments per request, header and body written apart")
                .isGreaterThanOrEqualTo(fixed + 0.9);
    }
    // end::segment-cost[]

    static void writeEvidence(EnumMap<Mode, RoundTrips.Segments> perRequest) {
        var rows = new ArrayList<List<?>>();
        perRequest.forEach((mode, s) ->
                rows.add(List.of(mode.label() + ": " + mode.what(), two(s.dataOut()), two(s.out()), two(s.in()))));
        Evidence.named("segments-per-request", "TCP segments per request, counted on the client's own socket")
                .what("tcpi_data_segs_out, tcpi_segs_out and tcpi_segs_in of the client's socket (Linux TCP_INFO) "
                        + "before and after " + REQUESTS + " requests (broken: 20), divided by the requests.")
                .table(List.of("mode", "data segments sent", "all segments sent", "segments received"), rows)
                .write();
    }

    private static String two(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
