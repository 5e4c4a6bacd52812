package dev.socketfaq.select;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.kit.Evidence;
import dev.socketfaq.select.StopContract.Observation;
import dev.socketfaq.select.StopContract.Outcome;
import dev.socketfaq.select.fixed.PollingLoop;
import dev.socketfaq.testkit.FaqClaim;
import dev.socketfaq.testkit.Graded;
import dev.socketfaq.testkit.Proves;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedSelectorException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One contract, every mode. Each declares its outcome up front (jcstress style); the test asserts that what happens
 * is what was declared, and records the contract's own words for the site.
 */
@Timeout(60)
class StopContractTest {

    // tag::expectations[]
    static final Map<Mode, Outcome> EXPECTED = Map.of(
            Mode.CLOSE, Outcome.LOSES_OWED_BYTES, // the selector closed under the loop
            Mode.INTERRUPT, Outcome.LOSES_OWED_BYTES, // ClosedByInterruptException closes the channel
            Mode.POLLING, Outcome.SLOW_TO_STOP, // correct, but a stop waits for the timeout
            Mode.WAKEUP, Outcome.MEETS_CONTRACT,
            Mode.SELF_PIPE, Outcome.MEETS_CONTRACT);

    /** What each broken server dies of; the others end on their own. */
    static final Map<Mode, Class<? extends Throwable>> DIES_OF = Map.of(
            Mode.CLOSE, ClosedSelectorException.class, // its next use of the closed selector
            Mode.INTERRUPT, ClosedByInterruptException.class); // the thread writing the reply, its channel closed
    // end::expectations[]

    /** What this run observed, for the evidence only: no test reads it. */
    static final Map<Mode, Observation> observed = new ConcurrentSkipListMap<>();

    // tag::contract-test[]
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    @Proves({FaqClaim.CLOSE_UNDER_SELECT_IS_WRONG, FaqClaim.SELF_PIPE_WAKES})
    void each_mode_has_the_outcome_it_declares(Mode mode) throws Exception {
        Observation o = StopContract.observe(mode);
        observed.put(mode, o);

        assertThat(o.outcome()).as(o.message()).isEqualTo(EXPECTED.get(mode));
        if (DIES_OF.containsKey(mode)) {
            assertThat(o.stop().failure()).as("what %s died of", mode.label()).isInstanceOf(DIES_OF.get(mode));
        } else {
            assertThat(o.stop().failure())
                    .as("%s ended on its own", mode.label())
                    .isNull();
        }
    }
    // end::contract-test[]

    /** The student edition's task: the wakeup mode, held to the contract that proves ours, whatever its shape. */
    @Graded
    void select_wake_the_loop() throws Exception {
        Observation o = StopContract.observe(Mode.WAKEUP);
        Graded.Task.check(
                o.outcome() == Outcome.MEETS_CONTRACT ? Optional.empty() : Optional.of(o.message()),
                "the loop reads the flag only when select() returns, and an idle select() waits for I/O or its"
                        + " timeout. What can make it return now, without closing anything under it?");
    }

    @AfterAll
    static void writeEvidence() {
        if (observed.size() < Mode.values().length) return;
        var latency = Evidence.named("stop-latency", "Time to stop an idle loop, per mode")
                .what("From the stop request to the end of the server's threads, with one client connected and the "
                        + "loop waiting in select(); a fresh server per stop, " + StopContract.IDLE_STOPS
                        + " stops per mode, " + StopContract.POLLING_IDLE_STOPS + " for polling (each of its stops "
                        + "costs a poll interval of " + PollingLoop.POLL.toMillis() + " ms). With fewer than 100 "
                        + "samples, the p99 is the largest sample.")
                .unit("ms");
        observed.forEach((m, o) -> latency.series(m.label() + " (" + kind(m) + ")", o.idleStops()));
        latency.write();
        var bytes = Evidence.named(
                        "bytes-delivered", "Bytes owed and delivered when the stop came with a reply in flight")
                .what("A client asks for " + StopContract.OWED
                        + " bytes and reads only after the stop request; it counts what arrives.")
                .headline(String.format(
                        Locale.ROOT,
                        "close under the loop: *%,d of %,d bytes* delivered; wakeup(): *%,d*",
                        observed.get(Mode.CLOSE).stop().delivered(),
                        StopContract.OWED,
                        observed.get(Mode.WAKEUP).stop().delivered()));
        observed.forEach((m, o) -> bytes.figure(
                m.label() + " (" + kind(m) + ")",
                o.stop().delivered(),
                "bytes delivered of " + StopContract.OWED + " owed"));
        bytes.table(
                        List.of("mode", "kind", "bytes owed", "bytes delivered", "the loop"),
                        observed.values().stream()
                                .<List<?>>map(o -> List.of(
                                        o.mode().label(),
                                        kind(o.mode()),
                                        o.stop().owed(),
                                        o.stop().delivered(),
                                        o.stop().failure() == null
                                                ? "ended cleanly"
                                                : "died: "
                                                        + o.stop()
                                                                .failure()
                                                                .getClass()
                                                                .getSimpleName()))
                                .toList())
                .write();
        Evidence.named("contract-outcomes", "The stop contract, per mode")
                .what("Expected and observed outcome of each mode; the message is the contract's own, from this build.")
                .table(
                        List.of("mode", "expected", "observed", "contract says"),
                        observed.values().stream()
                                .<List<?>>map(o ->
                                        List.of(o.mode().label(), EXPECTED.get(o.mode()), o.outcome(), o.message()))
                                .toList())
                .write();
    }

    static String kind(Mode m) {
        return m.kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
