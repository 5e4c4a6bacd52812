package dev.socketfaq.threadsafety.completion;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * The completion contract: the message is put back together in the order its bytes arrived, whatever order the pool
 * runs the handlers in. A controlled executor plays the pool and tries every order: the reads of "abcdefgh" complete
 * as ab, cd, ef, gh, and their 4 handlers run in each of the 24 orders a pool of 4 threads could run them in.
 */
final class CompletionContract {
    static final String SENT = "abcdefgh";

    enum Observed {
        MEETS_CONTRACT,
        ORDER_LOST,
        /** Chunks missing or doubled, not only out of order: a different bug from the one this contract is about. */
        CHUNKS_LOST
    }

    /** What the contract saw, its own words for it, and how many of the orders went wrong. */
    record Outcome(Observed observed, String message, int wrongOrders, int orders) {}

    /** A "pool" that keeps the handlers and runs them when, and in the order, the contract says. */
    static final class ControlledPool implements Executor {
        final List<Runnable> tasks = new ArrayList<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }
    }

    private CompletionContract() {}

    // tag::contract[]
    static Outcome observe(Mode mode) throws Exception {
        List<List<Integer>> orders = permutations(List.of(0, 1, 2, 3));
        int wrong = 0;
        String example = null;
        for (List<Integer> order : orders) {
            ChunkAssembler assembler = mode.create();
            var pool = new ControlledPool();
            CompletionReader.readAll(
                    new ByteArrayInputStream(SENT.getBytes(StandardCharsets.US_ASCII)), 2, pool, assembler);
            order.forEach(i -> pool.tasks.get(i).run()); // the handlers, in the order the pool's threads got to them
            if (!chunks(assembler.message()).equals(chunks(SENT))) {
                return new Outcome(
                        Observed.CHUNKS_LOST,
                        mode.label() + ": handlers run as " + order + " gave '" + assembler.message() + "'",
                        1,
                        orders.size());
            }
            if (!assembler.message().equals(SENT)) {
                wrong++;
                if (example == null) example = "handlers run as " + order + " gave '" + assembler.message() + "'";
            }
        }
        return wrong == 0
                ? new Outcome(
                        Observed.MEETS_CONTRACT, mode.label() + ": every order gave '" + SENT + "'", 0, orders.size())
                : new Outcome(
                        Observed.ORDER_LOST,
                        mode.label() + ": " + wrong + " of " + orders.size() + " handler orders lost the order of the"
                                + " bytes; " + example,
                        wrong,
                        orders.size());
    }
    // end::contract[]

    /** The message's 2-byte chunks, sorted: the same for any order of the same chunks. */
    static List<String> chunks(String message) {
        var chunks = new ArrayList<String>();
        for (int i = 0; i < message.length(); i += 2)
            chunks.add(message.substring(i, Math.min(i + 2, message.length())));
        chunks.sort(null);
        return chunks;
    }

    static List<List<Integer>> permutations(List<Integer> items) {
        if (items.isEmpty()) return List.of(List.of());
        var all = new ArrayList<List<Integer>>();
        for (Integer first : items) {
            var rest = items.stream().filter(i -> !i.equals(first)).collect(Collectors.toList());
            for (List<Integer> tail : permutations(rest)) {
                var p = new ArrayList<Integer>();
                p.add(first);
                p.addAll(tail);
                all.add(p);
            }
        }
        return all;
    }
}
