package dev.socketfaq.select;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.kit.Evidence;
import dev.socketfaq.kit.Latencies;
import dev.socketfaq.kit.Latencies.Summary;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedSelectorException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One contract, every stop method. Each declares its outcome up front (jcstress style); the test asserts that
 * what happens is what was declared, and records the contract's own words for the site.
 */
@Timeout(60)
class StopContractTest {
    static final int OWED = 8 * 1024 * 1024; // far more than socket buffers hold: the reply is in flight at the stop
    /**
     * Idle stops measured per method: 20 where a stop costs a fraction of a millisecond, 5 for polling, whose every
     * stop costs a poll interval (20 would add 4.5 s to the build, to measure the same 300 ms again).
     */
    static final int IDLE_STOPS = 20;

    static final int POLLING_IDLE_STOPS = 5;

    // tag::expectations[]
    enum Outcome {
        MEETS_CONTRACT,
        LOSES_OWED_BYTES,
        DIES_OR_LEAKS,
        SLOW_TO_STOP
    }

    static final Map<StopMethod, Outcome> EXPECTED = Map.of(
            StopMethod.CLOSE, Outcome.LOSES_OWED_BYTES, // selector closed under the loop
            StopMethod.INTERRUPT, Outcome.LOSES_OWED_BYTES, // ClosedByInterruptException closes the channel
            StopMethod.POLLING, Outcome.SLOW_TO_STOP, // correct, but a stop waits for the timeout
            StopMethod.WAKEUP, Outcome.MEETS_CONTRACT,
            StopMethod.SELF_PIPE, Outcome.MEETS_CONTRACT);

    /** What each broken loop dies of; the others end on their own (no failure). */
    static final Map<StopMethod, Class<? extends Throwable>> DIES_OF = Map.of(
            StopMethod.CLOSE, ClosedSelectorException.class, // its next select() on the closed selector
            StopMethod.INTERRUPT, ClosedByInterruptException.class); // the thread writing the reply, its channel closed
    // end::expectations[]

    static final Map<StopMethod, Summary> idle = new EnumMap<>(StopMethod.class);
    static final List<List<?>> delivered = new ArrayList<>();
    static final Map<StopMethod, SelectLab.Outcome> stops = new EnumMap<>(StopMethod.class);
    static final List<List<?>> outcomes = new ArrayList<>();

    // tag::contract-test[]
    @ParameterizedTest(name = "{0}")
    @EnumSource(StopMethod.class)
    void each_stop_method_has_the_outcome_it_declares(StopMethod method) throws Exception {
        SelectLab.Outcome stop = SelectLab.stopWithReplyInFlight(method, OWED);
        var idleStops = new Latencies();
        for (int i = 0; i < idleStops(method); i++) {
            idleStops.record(SelectLab.idleStopTime(method).toNanos());
        }
        Optional<StopContract.Violation> violation = StopContract.violation(stop, idleStops.summary());
        // the observed outcome is the clause the contract names, not a guess from the numbers
        Outcome observed =
                violation.map(v -> Outcome.valueOf(v.clause().name())).orElse(Outcome.MEETS_CONTRACT);

        record(method, stop, idleStops.summary(), observed, violation);
        assertThat(observed)
                .as(
                        "%s: %s",
                        method.label(),
                        violation.map(StopContract.Violation::message).orElse("met the contract"))
                .isEqualTo(EXPECTED.get(method));
        if (DIES_OF.containsKey(method)) {
            assertThat(stop.failure())
                    .as("%s: what the loop died of", method.label())
                    .isInstanceOf(DIES_OF.get(method));
        } else {
            assertThat(stop.failure())
                    .as("%s: the loop ended on its own", method.label())
                    .isNull();
        }
    }
    // end::contract-test[]

    static int idleStops(StopMethod m) {
        return m == StopMethod.POLLING ? POLLING_IDLE_STOPS : IDLE_STOPS;
    }

    static void record(
            StopMethod m,
            SelectLab.Outcome stop,
            Summary idleStops,
            Outcome observed,
            Optional<StopContract.Violation> violation) {
        idle.put(m, idleStops);
        stops.put(m, stop);
        delivered.add(List.of(
                m.label(),
                m.kind(),
                stop.owed(),
                stop.delivered(),
                stop.failure() == null
                        ? "ended cleanly"
                        : "died: " + stop.failure().getClass().getSimpleName()));
        outcomes.add(List.of(
                m.label(),
                EXPECTED.get(m),
                observed,
                violation.map(StopContract.Violation::message).orElse("met")));
    }

    @AfterAll
    static void writeEvidence() {
        if (idle.size() < StopMethod.values().length) return;
        var latency = Evidence.named("stop-latency", "Time to stop an idle loop, per stop method")
                .what(
                        "From the stop request to the end of the server's threads, with one client connected and the loop "
                                + "waiting in select(); a fresh server per stop, " + IDLE_STOPS + " stops per method, "
                                + POLLING_IDLE_STOPS + " for polling (each of its stops costs a poll interval of "
                                + dev.socketfaq.select.broken.PollingLoop.POLL.toMillis()
                                + " ms). With fewer than 100 samples, "
                                + "the p99 is the largest sample: read the p99 column as the max of these few stops, not as a tail.")
                .unit("ms");
        idle.forEach((m, s) -> latency.series(m.label() + " (" + m.kind() + ")", s));
        latency.write();
        var bytes =
                Evidence.named("bytes-delivered", "Bytes owed and delivered when the stop came with a reply in flight");
        stops.forEach((m, stop) -> bytes.figure(
                m.label() + " (" + m.kind() + ")", stop.delivered(), "bytes delivered of " + OWED + " owed"));
        bytes.what("A client asks for " + OWED
                        + " bytes and reads only after the stop request; it counts what arrives.")
                .headline(String.format(
                        java.util.Locale.ROOT,
                        "close under the loop: *%,d of %,d bytes* delivered; wakeup(): *%,d*",
                        stops.get(StopMethod.CLOSE).delivered(),
                        OWED,
                        stops.get(StopMethod.WAKEUP).delivered()))
                .table(List.of("method", "kind", "bytes owed", "bytes delivered", "the loop"), delivered)
                .write();
        Evidence.named("contract-outcomes", "The stop contract, per method")
                .what(
                        "Expected and observed outcome of each stop method; the message is the contract's own, from this build.")
                .table(List.of("method", "expected", "observed", "contract says"), outcomes)
                .write();
    }
}
