package dev.socketfaq.threadsafety.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.kit.Evidence;
import dev.socketfaq.testkit.FaqClaim;
import dev.socketfaq.testkit.Graded;
import dev.socketfaq.testkit.Proves;
import dev.socketfaq.threadsafety.ContractOutcomes;
import dev.socketfaq.threadsafety.stream.StreamContract.Observed;
import dev.socketfaq.threadsafety.stream.StreamExperiment.Scheduling;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The stream contract: whole messages never interleave. First forced deterministically (one thread is paused
 * between two of its writes while another sends), then counted over many messages from several threads.
 */
@Timeout(60)
class StreamContractTest {
    static final int THREADS = 4;
    /**
     * A budget per thread: the unsynchronised stream stops at its first corrupt frame (with preemption points, in its
     * first round); the fixed ones must deliver all of it intact. Kept modest: each write yields the CPU, and on a
     * loaded machine every yield can cost a time slice.
     */
    static final int MESSAGES = 500;

    // tag::expectations[]
    static final Map<Mode, Observed> EXPECTED = Map.of(
            Mode.UNSYNCHRONIZED, Observed.MESSAGES_INTERLEAVE,
            Mode.LOCKED, Observed.MEETS_CONTRACT,
            Mode.SINGLE_WRITER, Observed.MEETS_CONTRACT);
    // end::expectations[]

    static final ContractOutcomes outcomes = new ContractOutcomes();
    static final List<List<?>> counts = new ArrayList<>();
    static final Map<Mode, StreamExperiment.Result> results = new EnumMap<>(Mode.class);

    static String kind(Mode mode) {
        return mode.kind().name().toLowerCase(Locale.ROOT);
    }

    // tag::forced-interleaving[]
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    @Proves(FaqClaim.CONCURRENT_WRITES_INTERLEAVE)
    void a_message_sent_while_another_is_half_written_does_not_interleave(Mode mode) throws Exception {
        StreamContract.Outcome outcome = StreamContract.observe(mode);
        outcomes.add(mode, EXPECTED.get(mode), outcome.observed(), outcome.message());
        assertThat(outcome.observed()).as(outcome.message()).isEqualTo(EXPECTED.get(mode));
    }
    // end::forced-interleaving[]

    // tag::stress[]
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    @Proves(FaqClaim.CONCURRENT_WRITES_INTERLEAVE)
    void many_threads_many_messages(Mode mode) throws Exception {
        StreamExperiment.Result result =
                StreamExperiment.run(mode, THREADS, MESSAGES, Scheduling.PREEMPT_AFTER_EACH_WRITE);
        Messages.Tally tally = result.tally();
        counts.add(List.of(mode.label(), kind(mode), result.sent(), tally.intact(), tally.corrupt()));
        results.put(mode, result);
        if (EXPECTED.get(mode) == Observed.MEETS_CONTRACT) {
            assertThat(tally.corrupt())
                    .as("corrupt frames (first: %s)", tally.firstCorruption())
                    .isZero();
            assertThat(tally.intact()).isEqualTo(result.sent()).isEqualTo(THREADS * MESSAGES);
        } else {
            assertThat(tally.corrupt())
                    .as(
                            "corrupt frames in %d messages from %d threads sharing the stream unsynchronised",
                            result.sent(), THREADS)
                    .isPositive();
        }
    }
    // end::stress[]

    static final List<List<?>> rates = new ArrayList<>();
    static final List<Map.Entry<String, Double>> rateFigures = new ArrayList<>();
    static final int PER = 10_000;
    /** Each measurement stops at 10,000 messages or after this long: on a loaded machine a round costs a time slice. */
    static final Duration RATE_BUDGET = Duration.ofSeconds(15);

    /** The rate to one decimal, as a number: the site and the JSON reader get a figure, not a string. */
    static double per10k(StreamExperiment.Rate r) {
        return Math.round(r.corruptPer10k() * 10) / 10.0;
    }

    /**
     * One row of the rate table, and one figure for the chart: named short ("locked, yielding (fixed)"), so that the
     * chart's label is not cut; the unit says what is counted, and "broken"/"fixed" colours the bar.
     */
    static void rate(Mode mode, Scheduling scheduling, StreamExperiment.Rate r) {
        String how = scheduling == Scheduling.NATURAL ? "natural" : "yield after each write";
        rates.add(List.of(
                mode.label(),
                kind(mode),
                how,
                r.sent(),
                r.corrupt(),
                per10k(r),
                r.rejectedByReader(),
                r.roundsCorrupted()));
        rateFigures.add(Map.entry(
                mode.label() + ", " + (scheduling == Scheduling.NATURAL ? "natural" : "yielding") + " (" + kind(mode)
                        + ")",
                per10k(r)));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    @Proves(FaqClaim.CONCURRENT_WRITES_INTERLEAVE)
    void corrupt_frames_per_10000(Mode mode) throws Exception {
        StreamExperiment.Rate r =
                StreamExperiment.perRound(mode, THREADS, PER, Scheduling.PREEMPT_AFTER_EACH_WRITE, RATE_BUDGET);
        rate(mode, Scheduling.PREEMPT_AFTER_EACH_WRITE, r);
        if (mode == Mode.UNSYNCHRONIZED) {
            // the same without preemption points: how shy the race is on this machine, shown, not asserted
            rate(
                    mode,
                    Scheduling.NATURAL,
                    StreamExperiment.perRound(mode, THREADS, PER, Scheduling.NATURAL, RATE_BUDGET));
        }
        if (EXPECTED.get(mode) == Observed.MEETS_CONTRACT) {
            assertThat(r.corrupt()).as("corrupt frames of %d sent", r.sent()).isZero();
        } else {
            assertThat(r.corruptPer10k()).as("corrupt frames per 10,000 sent").isPositive();
        }
    }

    /** The student edition's task: the locked sender, held to the contract that proves ours, whatever its shape. */
    @Graded
    void threadsafety_lock_the_message() throws Exception {
        StreamContract.Outcome outcome = StreamContract.observe(Mode.LOCKED);
        Graded.Task.check(
                outcome.observed() == Observed.MEETS_CONTRACT ? Optional.empty() : Optional.of(outcome.message()),
                "each write call is safe on its own, but a message takes several. What must no other thread"
                        + " do between the first write of a message and its last?");
    }

    @AfterAll
    static void writeEvidence() {
        if (outcomes.size() == Mode.values().length) {
            outcomes.write(
                    "stream",
                    "The stream contract: a message sent while another is half-written",
                    "An instrumented stream holds the write that would put the first message's second part on the wire (after its "
                            + "header and first part where a sender writes part by part; before anything where the single writer "
                            + "writes its batch in one call) while a second thread sends.");
        }
        if (counts.size() == Mode.values().length) {
            int budget = THREADS * MESSAGES;
            var corruption = Evidence.named(
                            "stream-corruption", "Messages over one connection shared by " + THREADS + " threads")
                    .what("Each thread has a budget of " + MESSAGES
                            + " messages of three parts; each round starts all threads "
                            + "together (a barrier), and each thread yields the CPU after every write call (a preemption point, "
                            + "as a busy scheduler may make at any moment). After the first corrupt frame an unsynchronised stream has lost its framing: "
                            + "the reader cannot find the next message, so the senders stop at the end of that round. The chart counts, per "
                            + "mode, the messages of the budget of " + String.format("%,d", budget)
                            + " that the reader received intact; "
                            + "a message never sent (after the framing was lost) did not arrive intact either.")
                    .headline("unsynchronised: framing lost after *"
                            + results.get(Mode.UNSYNCHRONIZED).sent()
                            + "* messages; locked: *"
                            + results.get(Mode.LOCKED).tally().intact() + " of "
                            + results.get(Mode.LOCKED).sent() + "* intact")
                    .table(List.of("mode", "kind", "messages sent", "intact", "rejected by the reader"), counts);
            results.forEach((mode, result) -> corruption.figure(
                    mode.label() + " (" + kind(mode) + ")",
                    result.tally().intact(),
                    String.format("messages intact of %,d", budget)));
            corruption.write();
        }
        if (rates.size() == Mode.values().length + 1) {
            var evidence = Evidence.named("stream-rate", "Corrupt frames per " + String.format("%,d", PER) + " sent")
                    .what(
                            "A corrupt frame is a frame that was sent and did not arrive as one intact message; the rate is corrupt frames "
                                    + "per 10,000 frames sent. Up to " + PER + " frames (or as many as "
                                    + RATE_BUDGET.toSeconds()
                                    + " s allow; 'frames sent' says how many) in rounds of one message from each of "
                                    + THREADS
                                    + " threads, started together; every round on a fresh loopback connection, so a corruption spoils its own "
                                    + "round only (on one long connection, everything after the first corrupt frame is unreadable and a count "
                                    + "per 10,000 would count garbage). 'rejected by the reader' counts what the reader saw instead: one body "
                                    + "can hold parts of two messages, and a lost header ends the round as one more. 'yield after each write' "
                                    + "adds the preemption points of the stress test (the chart's 'yielding'); 'natural' leaves the scheduling to "
                                    + "the OS and is shown, not asserted: on a busy machine the race hides.")
                    .table(
                            List.of(
                                    "mode",
                                    "kind",
                                    "scheduling",
                                    "frames sent",
                                    "corrupt frames",
                                    "corrupt frames per 10,000",
                                    "rejected by the reader",
                                    "rounds spoiled"),
                            rates);
            rateFigures.forEach(f -> evidence.figure(f.getKey(), f.getValue(), "per 10,000 frames sent"));
            evidence.write();
        }
    }
}
