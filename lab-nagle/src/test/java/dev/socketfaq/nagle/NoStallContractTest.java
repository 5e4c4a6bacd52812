package dev.socketfaq.nagle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.kit.Evidence;
import dev.socketfaq.kit.Implementation.Kind;
import dev.socketfaq.kit.Latencies.Summary;
import dev.socketfaq.testkit.FaqClaim;
import dev.socketfaq.testkit.Graded;
import dev.socketfaq.testkit.Proves;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One contract, every client: the fixed clients meet it, the broken one demonstrably violates it.
 * Each mode declares its expected outcome up front, as a jcstress sample declares acceptable and forbidden ones.
 */
@Timeout(90)
class NoStallContractTest {
    static final int SAMPLES = 25; // medians of 25: one outlier cannot move them
    static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    // tag::expectations[]
    enum Outcome {
        MEETS_CONTRACT,
        STALLS_ON_DELAYED_ACK
    }

    static final Map<Mode, Outcome> EXPECTED = Map.of(
            Mode.BROKEN, Outcome.STALLS_ON_DELAYED_ACK, // split write, Nagle on
            Mode.FIXED, Outcome.MEETS_CONTRACT, // one gathering write
            Mode.NODELAY, Outcome.MEETS_CONTRACT); // split write, TCP_NODELAY
    // end::expectations[]

    // tag::contract-test[]
    @Test
    @Proves({FaqClaim.WRITE_WRITE_READ_STALLS, FaqClaim.PROTOCOL_IS_THE_FIX})
    void each_client_has_the_outcome_it_declares() throws Exception {
        var observed = new EnumMap<Mode, Outcome>(Mode.class);
        var measured = new EnumMap<Mode, Summary>(Mode.class);
        var rows = new ArrayList<List<?>>();
        try (var server = ReplyServer.start(ANY_LOOPBACK_PORT, System.err::println)) {
            var contract = NoStallContract.measure(server);
            for (Mode mode : Mode.values()) {
                Summary roundTrips = RoundTrips.measure(
                        mode, server.address(), RoundTrips.WARMUP, SAMPLES, RoundTrips.Progress.SILENT);
                Optional<String> violation = contract.violation(mode, roundTrips);
                observed.put(mode, violation.isPresent() ? Outcome.STALLS_ON_DELAYED_ACK : Outcome.MEETS_CONTRACT);
                measured.put(mode, roundTrips);
                rows.add(List.of(mode.label(), EXPECTED.get(mode), observed.get(mode), violation.orElse("met")));
                // a client that leaks its connection holds a server thread: closing it is part of the contract
                assertThat(server.awaitNoConnections(Duration.ofSeconds(5)))
                        .as("%s closed its connection and the server saw it end", mode.label())
                        .isTrue();
            }
            writeEvidence(contract, measured, rows);
        }
        assertThat(observed)
                .as("observed outcomes; the contract said: %s", rows)
                .isEqualTo(EXPECTED);
    }
    // end::contract-test[]

    @Test
    @Proves(FaqClaim.PROTOCOL_IS_THE_FIX)
    void the_fix_keeps_nagle_on_and_only_the_second_best_turns_it_off() throws Exception {
        try (var server = ReplyServer.start(ANY_LOOPBACK_PORT, System.err::println)) {
            for (Mode mode : Mode.values()) {
                try (RequestClient client = mode.create(server.address())) {
                    // the fixed client meets the contract with Nagle on: what fixes it is the single write
                    assertThat(client.channel().getOption(StandardSocketOptions.TCP_NODELAY))
                            .as("%s sets TCP_NODELAY", mode.label())
                            .isEqualTo(mode.kind() == Kind.SECOND_BEST);
                }
            }
        }
    }

    /** The student edition's task: the fixed client, held to the contract that proves ours, whatever its shape. */
    @Graded
    void nagle_one_write() throws Exception {
        try (var server = ReplyServer.start(ANY_LOOPBACK_PORT, System.err::println)) {
            var contract = NoStallContract.measure(server);
            Summary roundTrips = RoundTrips.measure(
                    Mode.FIXED, server.address(), RoundTrips.WARMUP, SAMPLES, RoundTrips.Progress.SILENT);
            Graded.Task.check(
                    contract.violation(Mode.FIXED, roundTrips),
                    "Nagle holds back a small segment while an earlier one is unacknowledged. How many segments"
                            + " does one request of GatheringWriteClient.call become? Keep Nagle on: the page calls"
                            + " TCP_NODELAY second best.");
        }
    }

    // tag::distributions[]
    @Test
    @Proves(FaqClaim.WRITE_WRITE_READ_STALLS)
    void broken_and_fixed_distributions_do_not_overlap() throws Exception {
        try (var server = ReplyServer.start(ANY_LOOPBACK_PORT, System.err::println)) {
            Summary broken = RoundTrips.measure(
                    Mode.BROKEN, server.address(), RoundTrips.WARMUP, SAMPLES, RoundTrips.Progress.SILENT);
            Summary fixed = RoundTrips.measure(
                    Mode.FIXED, server.address(), RoundTrips.WARMUP, SAMPLES, RoundTrips.Progress.SILENT);
            // even broken's fast tail (10th percentile) is slower than fixed's slow tail (90th percentile)
            assertThat(broken.percentileMs(10)).isGreaterThan(fixed.percentileMs(90));
            assertThat(broken.medianMs() / fixed.medianMs())
                    .as("broken/fixed median ratio")
                    .isGreaterThan(20);
        }
    }
    // end::distributions[]

    static void writeEvidence(NoStallContract contract, Map<Mode, Summary> measured, List<List<?>> rows) {
        Summary broken = measured.get(Mode.BROKEN);
        Summary fixed = measured.get(Mode.FIXED);
        Evidence.named("loopback-round-trip", "Round trip of one small request on loopback")
                .what("Median and p99 of " + SAMPLES + " requests per mode on one connection, after "
                        + RoundTrips.WARMUP + " warm-up requests; the floor (a raw 1-byte ping-pong) and the "
                        + "server's delayed-ACK timeout (" + contract.timer().source() + ") measured in the same run.")
                .unit("ms")
                .headline(String.format(
                        Locale.ROOT,
                        "median round trip: broken *%.1f ms* vs fixed *%.3f ms*",
                        broken.medianMs(),
                        fixed.medianMs()))
                .series("broken: split write, Nagle on", broken)
                .series("fixed: one gathering write", fixed)
                .series("nodelay: split write, TCP_NODELAY", measured.get(Mode.NODELAY))
                .series("floor: raw 1-byte ping-pong", contract.floor())
                .figure("broken / fixed (median)", broken.medianMs() / fixed.medianMs(), "x")
                .figure("stall threshold", contract.thresholdMs(), "ms")
                .figure("delayed-ACK timeout, measured", contract.timer().ms(), "ms")
                .write();
        Evidence.named("contract-outcomes", "The no-stall contract, per client")
                .what("Expected and observed outcome of each client under the contract; the message is the "
                        + "contract's own, from this build.")
                .table(List.of("mode", "expected", "observed", "contract says"), rows)
                .write();
    }
}
