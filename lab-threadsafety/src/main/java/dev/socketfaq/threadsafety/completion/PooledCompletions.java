package dev.socketfaq.threadsafety.completion;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Completions on a real pool: messages sent over loopback, read by an {@code AsynchronousSocketChannel} in reads of 2
 * bytes, every completed read handed to a pool of threads, every handler feeding one assembler of each mode (so all
 * see the same completions in the same order). Counts the messages each mode put together wrong.
 */
public final class PooledCompletions {
    private PooledCompletions() {}

    /** One message as sent and as each mode assembled it. */
    public record Sample(int message, String sent, Map<Mode, String> assembled) {}

    /** Messages sent, messages each mode got wrong, and the first message a mode got wrong (else the first message). */
    public record Result(int messages, Map<Mode, Integer> wrong, Sample sample) {}

    /**
     * Sends up to {@code messages} messages of {@code chunks} 2-byte chunks, stopping early once {@code budget} has
     * passed and a broken mode has been seen to lose the order. {@code preempt}: every pool thread yields the CPU once
     * it has woken for a completion, before its handler runs, as a busy scheduler may at any moment.
     */
    public static Result run(int messages, int chunks, int poolThreads, boolean preempt, Duration budget)
            throws Exception {
        var wrong = new EnumMap<Mode, Integer>(Mode.class);
        for (Mode m : Mode.values()) wrong.put(m, 0);
        Sample sample = null;
        long deadline = System.nanoTime() + budget.toNanos();
        int m = 0;
        try (var pool = Executors.newFixedThreadPool(poolThreads);
                var loopback = new CompletionReader.Loopback()) {
            for (; m < messages; m++) {
                if (System.nanoTime() - deadline > 0 && wrong.get(Mode.APPENDING) > 0) break;
                String sent = message(chunks);
                var assemblers = new EnumMap<Mode, ChunkAssembler>(Mode.class);
                for (Mode mode : Mode.values()) assemblers.put(mode, mode.create());
                ChunkAssembler all = new ChunkAssembler() {
                    @Override
                    public void completed(int sequence, String chunk) {
                        assemblers.values().forEach(a -> a.completed(sequence, chunk));
                    }

                    @Override
                    public String message() {
                        return sent;
                    }
                };
                var handled = new Semaphore(0);
                Executor counting = task -> pool.execute(() -> {
                    try {
                        if (preempt) Thread.yield(); // woken for a completion; another pool thread may go first
                        task.run();
                    } finally {
                        handled.release();
                    }
                });
                int n = loopback.deliver(sent.getBytes(StandardCharsets.US_ASCII), 2, counting, all);
                if (!handled.tryAcquire(n, 10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("chunks not handled within 10 s");
                }
                var assembled = new EnumMap<Mode, String>(Mode.class);
                boolean anyWrong = false;
                for (var e : assemblers.entrySet()) {
                    String got = e.getValue().message();
                    assembled.put(e.getKey(), got);
                    if (!got.equals(sent)) {
                        wrong.merge(e.getKey(), 1, Integer::sum);
                        anyWrong = true;
                    }
                }
                if (sample == null
                        || (anyWrong && sample.sent().equals(sample.assembled().get(Mode.APPENDING)))) {
                    sample = new Sample(m, sent, assembled);
                }
            }
        }
        return new Result(m, wrong, sample);
    }

    /** "a0b1c2...": 2-byte chunks that show where each one landed. */
    static String message(int chunks) {
        var sent = new StringBuilder();
        for (int c = 0; c < chunks; c++) sent.append((char) ('a' + c % 26)).append(c % 10);
        return sent.toString();
    }

    /** A message as its 2-byte chunks, "a0 b1 c2 ...", so a chunk out of place shows; cut after 16 chunks. */
    public static String chunked(String message) {
        var b = new StringBuilder();
        for (int i = 0; i < message.length() && i < 32; i += 2) {
            if (i > 0) b.append(' ');
            b.append(message, i, Math.min(i + 2, message.length()));
        }
        return message.length() > 32 ? b + " ..." : b.toString();
    }
}
