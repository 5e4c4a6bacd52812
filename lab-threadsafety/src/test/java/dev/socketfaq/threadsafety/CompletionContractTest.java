package dev.socketfaq.threadsafety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.kit.Evidence;
import dev.socketfaq.threadsafety.broken.AppendingAssembler;
import dev.socketfaq.threadsafety.fixed.SequencedAssembler;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The completion contract: the message is reassembled in the order its bytes arrived, whatever order the pool
 * runs the handlers in. A controlled executor plays the pool: it keeps the handlers and runs them in an order the
 * test chooses, the race the FAQ describes, made deterministic.
 */
@Timeout(30)
class CompletionContractTest {
    static final String SENT = "abcdefgh";

    /** A "pool" whose threads happen to pick up completions in the order {@code order}. */
    static final class ControlledPool implements Executor {
        final List<Runnable> tasks = new ArrayList<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runInOrder(int... order) {
            for (int i : order) tasks.get(i).run();
        }
    }

    static String assemble(ChunkAssembler assembler, int... handlerOrder) throws Exception {
        var pool = new ControlledPool();
        CompletionReader.readAll(new ByteArrayInputStream(SENT.getBytes(StandardCharsets.US_ASCII)), 2, pool, assembler);
        pool.runInOrder(handlerOrder);
        return assembler.message();
    }

    // tag::completions[]
    @Test
    void appending_in_handler_order_loses_the_order_of_the_bytes() throws Exception {
        // reads completed as ab, cd, ef, gh; the second pool thread got to its handler first
        assertThat(assemble(new AppendingAssembler(), 1, 0, 3, 2)).isEqualTo("cdabghef").isNotEqualTo(SENT);
    }

    @Test
    void sequence_numbers_restore_the_order_whatever_the_handler_order() throws Exception {
        assertThat(assemble(new SequencedAssembler(), 1, 0, 3, 2)).isEqualTo(SENT);
        assertThat(assemble(new SequencedAssembler(), 3, 2, 1, 0)).isEqualTo(SENT);
    }
    // end::completions[]

    @Test
    void with_a_real_pool_of_four_threads_only_the_sequenced_assembler_is_always_right() throws Exception {
        int messages = 200;
        int broken = ThreadSafetyLab.misassembled(AppendingAssembler::new, messages, 16, 4);
        int fixed = ThreadSafetyLab.misassembled(SequencedAssembler::new, messages, 16, 4);
        Evidence.named("completion-order", "Messages reassembled out of order, completions handled on a pool of 4 threads")
                .what(messages + " messages of 16 chunks each; each completed read is handed to a 4-thread pool.")
                .figure("broken: append in handler order", broken, "messages out of order")
                .figure("fixed: sequence numbers", fixed, "messages out of order")
                .write();
        assertThat(fixed).isZero();
    }

}
