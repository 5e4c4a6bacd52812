package dev.socketfaq.threadsafety.completion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.kit.Evidence;
import dev.socketfaq.testkit.FaqClaim;
import dev.socketfaq.testkit.Graded;
import dev.socketfaq.testkit.Proves;
import dev.socketfaq.threadsafety.ContractOutcomes;
import dev.socketfaq.threadsafety.completion.CompletionContract.Observed;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The completion contract against every assembler, then the same race on a real pool of threads. */
@Timeout(60)
class CompletionContractTest {
    // tag::expectations[]
    static final Map<Mode, Observed> EXPECTED = Map.of(
            Mode.APPENDING, Observed.ORDER_LOST,
            Mode.SEQUENCED, Observed.MEETS_CONTRACT);
    // end::expectations[]

    static final ContractOutcomes outcomes = new ContractOutcomes();

    // tag::every-order[]
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    @Proves(FaqClaim.POOLED_COMPLETIONS_REORDER)
    void the_message_survives_every_order_the_pool_may_run_the_handlers_in(Mode mode) throws Exception {
        CompletionContract.Outcome outcome = CompletionContract.observe(mode);
        outcomes.add(mode, EXPECTED.get(mode), outcome.observed(), outcome.message());
        assertThat(outcome.observed()).as(outcome.message()).isEqualTo(EXPECTED.get(mode));
    }
    // end::every-order[]

    /** Messages sent at most; the run stops earlier once the budget has passed and the pool has reordered one. */
    static final int MESSAGES = 2_000;

    static final Duration BUDGET = Duration.ofSeconds(5);

    // tag::real-pool[]
    @Test
    @Proves(FaqClaim.POOLED_COMPLETIONS_REORDER)
    void on_a_real_pool_appending_loses_the_order_and_sequence_numbers_keep_it() throws Exception {
        PooledCompletions.Result r = PooledCompletions.run(MESSAGES, 16, 4, true, BUDGET);
        writeEvidence(r);
        assertThat(r.wrong().get(Mode.APPENDING))
                .as("messages the appending assembler got wrong, of %d", r.messages())
                .isPositive();
        assertThat(r.wrong().get(Mode.SEQUENCED))
                .as("messages the sequenced assembler got wrong, of %d", r.messages())
                .isZero();
    }
    // end::real-pool[]

    static void writeEvidence(PooledCompletions.Result r) {
        var evidence = Evidence.named(
                        "completion-order", "Messages put together out of order, completions handled on a real pool")
                .what(r.messages() + " messages of 32 bytes (as many as " + BUDGET.toSeconds() + " s allowed, up to "
                        + MESSAGES + "), each over its own loopback connection, read by an AsynchronousSocketChannel"
                        + " in reads of 2 bytes; each completed read is handed to a pool of 4 threads, whose threads"
                        + " yield the CPU once woken (a preemption point), and every handler feeds both assemblers.");
        r.wrong()
                .forEach((mode, wrong) -> evidence.figure(
                        mode.label() + " (" + mode.kind().name().toLowerCase(Locale.ROOT) + ")",
                        wrong,
                        "messages out of order of " + r.messages()));
        evidence.write();
    }

    /** The student edition's task: the sequenced assembler, held to the contract that proves ours. */
    @Graded
    void threadsafety_sequence_the_chunks() throws Exception {
        CompletionContract.Outcome outcome = CompletionContract.observe(Mode.SEQUENCED);
        Graded.Task.check(
                outcome.observed() == Observed.MEETS_CONTRACT ? Optional.empty() : Optional.of(outcome.message()),
                "a pool runs completion handlers in any order. Each chunk comes with the sequence number of"
                        + " its read: what may a handler do with a chunk that arrives before its turn?");
    }

    @AfterAll
    static void writeOutcomes() {
        if (outcomes.size() < Mode.values().length) return;
        outcomes.write(
                "completion",
                "The completion contract: every order of four handlers",
                "The reads of 'abcdefgh' complete as ab, cd, ef, gh, each numbered as it completes; a controlled"
                        + " executor plays the pool and runs the four handlers in each of the 24 possible orders.");
    }
}
