package dev.socketfaq.threadsafety.stream;

import dev.socketfaq.kit.Cli;
import dev.socketfaq.kit.Connect;
import dev.socketfaq.threadsafety.stream.StreamExperiment.Scheduling;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The stream lab's client for two machines: several threads send over one connection, each round started together
 * (a barrier). It watches its senders: the first failure stops the others at once, and a client whose messages stop
 * going out for {@link #NO_PROGRESS_MS} gives up rather than hang on a server that does not read.
 */
public final class SharedStreamClient {
    /** How long the client waits without one message going out before it gives up: the server stopped reading. */
    public static final int NO_PROGRESS_MS = 10_000;

    private SharedStreamClient() {}

    /** Sends {@code messages} messages from each of {@code threads} threads; returns how many went out. */
    public static int send(InetSocketAddress server, Mode mode, int threads, int messages, Scheduling scheduling)
            throws IOException, InterruptedException {
        var socket = Connect.socket(server, Connect.Setup.NONE);
        var sent = new AtomicInteger();
        Throwable failure = null;
        try (socket;
                var pool = Executors.newFixedThreadPool(threads);
                MessageSender sender = mode.create(scheduling.around(socket.getOutputStream()))) {
            var barrier = new CyclicBarrier(threads);
            var done = new ExecutorCompletionService<Void>(pool);
            var tasks = new ArrayList<Future<Void>>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                tasks.add(done.submit(() -> {
                    for (int n = 0; n < messages; n++) {
                        barrier.await(10, TimeUnit.SECONDS);
                        sender.send(Messages.parts(thread, n));
                        sent.incrementAndGet();
                    }
                    return null;
                }));
            }
            failure = awaitSenders(done, tasks, sent);
        } catch (IOException closing) {
            if (failure == null) failure = closing; // the single writer's close reports a failure no send saw
        }
        if (failure != null) throw failure(mode, sent.get(), failure);
        return sent.get();
    }

    /**
     * Waits for the senders; returns the first failure, or null. At the first failure the others are cancelled at
     * once: left alone they would wait out the barrier for a sender that is gone, and report that wait instead of
     * what happened.
     */
    static Throwable awaitSenders(CompletionService<Void> done, List<Future<Void>> tasks, AtomicInteger sent)
            throws InterruptedException {
        int finished = 0;
        int lastSent = -1;
        long lastProgress = System.nanoTime();
        while (finished < tasks.size()) {
            Future<Void> f = done.poll(250, TimeUnit.MILLISECONDS);
            if (f == null) {
                int now = sent.get();
                if (now != lastSent) {
                    lastSent = now;
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > TimeUnit.MILLISECONDS.toNanos(NO_PROGRESS_MS)) {
                    tasks.forEach(t -> t.cancel(true));
                    return new IOException(
                            "no message went out for " + NO_PROGRESS_MS / 1000 + " s: the server stopped reading");
                }
                continue;
            }
            finished++;
            try {
                f.get();
            } catch (ExecutionException e) {
                tasks.forEach(t -> t.cancel(true)); // the barrier breaks for the others: they stop at once
                return e.getCause();
            }
        }
        return null;
    }

    /** One line for the client's failure, in the lab's terms (the server's report says what it saw). */
    static IOException failure(Mode mode, int sent, Throwable failure) {
        String cause = Cli.describe(failure);
        if (failure instanceof IOException && mode == Mode.UNSYNCHRONIZED && !cause.startsWith("no message went out")) {
            return new IOException(
                    "the server closed the connection after " + sent + " messages (" + cause
                            + "): the stream lost its framing, and a server cannot read on after that"
                            + " (see the server's report)",
                    failure);
        }
        return new IOException("the connection failed after " + sent + " messages: " + cause, failure);
    }
}
