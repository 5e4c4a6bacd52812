package dev.socketfaq.nagle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.kit.Evidence;
import dev.socketfaq.kit.Latencies.Summary;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One contract, every client: the fixed clients meet it, the broken one demonstrably violates it.
 * Each mode declares its expected outcome up front, as a jcstress sample declares acceptable and forbidden ones.
 */
@Timeout(60)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RoundTripContractTest {
    static final int WARMUP = 20; // past Linux's quick-ACK start of a connection
    static final int SAMPLES = 25; // medians of 25: one outlier cannot move them

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

    static ReplyServer server;
    static NoStallContract contract;
    static Summary floor;
    static final Map<Mode, Summary> measured = new EnumMap<>(Mode.class);
    static final List<List<?>> outcomes = new ArrayList<>();

    @BeforeAll
    static void startServerAndMeasureTheFloor() throws Exception {
        server = ReplyServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), System.err::println);
        floor = PingPongFloor.measure(2_000, 2_000);
        contract = new NoStallContract(floor.medianMs(), DelayedAckTimer.minimumMs());
    }

    @AfterAll
    static void stopServerAndWriteEvidence() throws IOException {
        server.close();
        if (measured.size() == Mode.values().length) {
            Evidence.named("loopback-round-trip", "Round trip of one small request on loopback")
                    .what("Median and p99 of " + SAMPLES + " requests per mode on one connection, after " + WARMUP
                            + " warm-up requests; the floor is a raw 1-byte ping-pong measured in the same run.")
                    .unit("ms")
                    .headline(String.format(
                            java.util.Locale.ROOT,
                            "median round trip: broken *%.1f ms* vs fixed *%.3f ms*",
                            measured.get(Mode.BROKEN).medianMs(),
                            measured.get(Mode.FIXED).medianMs()))
                    .series("broken: split write, Nagle on", measured.get(Mode.BROKEN))
                    .series("fixed: one gathering write", measured.get(Mode.FIXED))
                    .series("nodelay: split write, TCP_NODELAY", measured.get(Mode.NODELAY))
                    .series("floor: raw 1-byte ping-pong", floor)
                    .figure(
                            "broken / fixed (median)",
                            measured.get(Mode.BROKEN).medianMs()
                                    / measured.get(Mode.FIXED).medianMs(),
                            "x")
                    .figure("stall threshold", contract.thresholdMs(), "ms")
                    .figure(
                            "delayed-ACK timer (" + System.getProperty("os.name") + ")",
                            DelayedAckTimer.minimumMs(),
                            "ms")
                    .write();
            Evidence.named("contract-outcomes", "The no-stall contract, per client")
                    .what(
                            "Expected and observed outcome of each client under the contract; the message is the contract's own, from this build.")
                    .table(List.of("mode", "expected", "observed", "contract says"), outcomes)
                    .write();
        }
    }

    // tag::contract-test[]
    @Order(1)
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    void each_client_has_the_outcome_it_declares(Mode mode) throws IOException {
        Summary roundTrips = RoundTrips.measure(mode, server.address(), WARMUP, SAMPLES, RoundTrips.Progress.SILENT);
        Optional<String> violation = contract.violation(mode, roundTrips);
        Outcome observed = violation.isPresent() ? Outcome.STALLS_ON_DELAYED_ACK : Outcome.MEETS_CONTRACT;

        measured.put(mode, roundTrips);
        outcomes.add(List.of(mode.label(), EXPECTED.get(mode), observed, violation.orElse("met")));
        assertThat(observed)
                .as(
                        "%s: median %s, threshold %s; %s",
                        mode.label(),
                        Summary.format(roundTrips.medianMs()),
                        Summary.format(contract.thresholdMs()),
                        violation.orElse("no stall"))
                .isEqualTo(EXPECTED.get(mode));
    }
    // end::contract-test[]

    // tag::distributions[]
    @Order(2)
    @Test
    void broken_and_fixed_distributions_do_not_overlap() {
        Summary broken = measured.get(Mode.BROKEN);
        Summary fixed = measured.get(Mode.FIXED);
        assertThat(broken).as("the contract test measures broken first").isNotNull();
        // even broken's fast tail (10th percentile) is slower than fixed's slow tail (90th percentile)
        assertThat(broken.percentileMs(10)).isGreaterThan(fixed.percentileMs(90));
        assertThat(broken.medianMs() / fixed.medianMs())
                .as("broken/fixed median ratio")
                .isGreaterThan(20);
    }
    // end::distributions[]
}
