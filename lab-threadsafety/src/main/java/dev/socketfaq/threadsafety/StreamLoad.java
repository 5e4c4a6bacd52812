package dev.socketfaq.threadsafety;

import dev.socketfaq.kit.Cli;
import dev.socketfaq.threadsafety.stream.StreamExperiment.Scheduling;
import picocli.CommandLine.Option;

/** The load every stream command shares: threads, messages per thread, and where senders may lose the CPU. */
final class StreamLoad {
    @Option(names = "--threads", defaultValue = "4", description = "Sending threads (default ${DEFAULT-VALUE}).")
    @Cli.Range(min = 1, max = 64)
    int threads;

    @Option(names = "--messages", defaultValue = "500", description = "Messages per thread (default ${DEFAULT-VALUE}).")
    @Cli.Range(min = 1, max = 1_000_000)
    int messages;

    @Option(
            names = "--preempt",
            description = "Yield the CPU after every write call, as a busy scheduler may: "
                    + "the race shows in the first round even on a loaded machine.")
    boolean preempt;

    Scheduling scheduling() {
        return preempt ? Scheduling.PREEMPT_AFTER_EACH_WRITE : Scheduling.NATURAL;
    }
}
