package dev.socketfaq.threadsafety.handle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.socketfaq.testkit.FaqClaim;
import dev.socketfaq.testkit.Proves;
import dev.socketfaq.threadsafety.ContractOutcomes;
import dev.socketfaq.threadsafety.handle.HandleContract.Observed;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The handle contract against every table, on real OS descriptors (Linux and macOS). */
@Timeout(60)
class HandleContractTest {
    // tag::expectations[]
    static final Map<Mode, Observed> EXPECTED = Map.of(
            Mode.DESCRIPTOR, Observed.STRANGER_RECEIVES,
            Mode.GENERATION, Observed.MEETS_CONTRACT);
    // end::expectations[]

    static final ContractOutcomes outcomes = new ContractOutcomes();

    // tag::handle[]
    @ParameterizedTest(name = "{0}")
    @EnumSource(Mode.class)
    @Proves(FaqClaim.HANDLES_REUSED)
    void a_stale_handle_reaches_the_stranger_only_if_it_is_a_bare_number(Mode mode) throws Exception {
        assumeTrue(NativeSockets.supported(), "POSIX socket()/close() through FFM: Linux and macOS");
        HandleContract.Outcome outcome = HandleContract.observe(mode);
        outcomes.add(mode, EXPECTED.get(mode), outcome.observed(), outcome.message());
        assertThat(outcome.observed()).as(outcome.message()).isEqualTo(EXPECTED.get(mode));

        HandleStory story = outcome.story();
        assertThat(story.threads()).doesNotContain(Thread.currentThread().threadId());
        assertThat(Set.copyOf(story.threads())).as("three threads").hasSize(3);
        assertThat(story.threads().get(3))
                .as("the sender held the handle")
                .isEqualTo(story.threads().get(0));
        String n = story.steps()
                .getFirst()
                .replaceAll(".*descriptor (\\d+).*", "$1"); // the number the OS gave, then again
        if (EXPECTED.get(mode) == Observed.MEETS_CONTRACT) {
            String stale = "descriptor " + n + " (generation 1) is stale: that connection was closed; descriptor " + n
                    + " is now generation 2";
            assertThat(story.steps())
                    .containsExactly(
                            "thread-1: holds descriptor " + n + " (generation 1)",
                            "thread-2: closed descriptor " + n + " (generation 1)",
                            "thread-3: opened a new connection: descriptor " + n + " (generation 2)",
                            "thread-1: was refused: " + stale);
            assertThat(story.refusal()).as("what the sender was told").isEqualTo(stale);
        } else {
            assertThat(story.steps())
                    .containsExactly(
                            "thread-1: holds descriptor " + n,
                            "thread-2: closed descriptor " + n,
                            "thread-3: opened a new connection: descriptor " + n,
                            "thread-1: sent \"" + HandleStory.SECRET + "\" with descriptor " + n);
            assertThat(story.strangerReceived()).isEqualTo(HandleStory.SECRET);
        }
    }
    // end::handle[]

    @AfterAll
    static void writeEvidence() {
        if (outcomes.size() < Mode.values().length) return;
        outcomes.write(
                "handle",
                "The handle-42 story, per table: what reached the stranger",
                "Three threads, ordered by latches, on real OS descriptors (socket(), connect(), send(), close()"
                        + " through FFM): thread 1 holds a connection, thread 2 closes it, thread 3 opens a new"
                        + " connection (the stranger's), then thread 1 sends once with the handle it still holds. The"
                        + " story is told until the OS has given the closed number to the stranger; nobody sends the"
                        + " stranger anything on purpose.");
    }
}
