package dev.socketfaq.threadsafety.stream;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Several threads send many messages over one loopback connection; the other end counts intact and corrupt
 * frames. Each round, all threads start their message together (a barrier), so they really compete.
 *
 * <p>Once the reader has seen a corrupt frame the stream has lost its framing and nothing after it can be
 * trusted, so the senders stop at the end of that round: {@code messagesPerThread} is a budget, not a promise.
 *
 * <p>How often threads interleave on their own depends on the scheduler: on an idle multi-core machine within a few
 * rounds, but on a machine whose cores are all busy one thread usually finishes its whole message inside its time
 * slice, and many messages can go by without one interleaving. A race that hides on a busy machine is still a race,
 * so the tests add a preemption point after every write call ({@link Scheduling#PREEMPT_AFTER_EACH_WRITE}): the
 * moment a scheduler may pick at any time, made common. A correct sender does not care where it is preempted; an
 * unsynchronised one loses its framing in the first round.
 */
public final class StreamExperiment {
    private StreamExperiment() {}

    /** What was sent and what the reader found. */
    public record Result(int sent, Messages.Tally tally) {}

    /** Where the sending threads may lose the CPU. */
    public enum Scheduling {
        /** wherever the OS scheduler decides. */
        NATURAL,
        /** also right after every write call: {@code Thread.yield()}, as a busy scheduler may do at any moment. */
        PREEMPT_AFTER_EACH_WRITE;

        /** The stream the senders write to, with this scheduling's preemption points. */
        public OutputStream around(OutputStream out) {
            return this == NATURAL ? out : yieldingAfterWrites(out);
        }
    }

    public static Result run(Mode mode, int threads, int messagesPerThread, Scheduling scheduling) throws Exception {
        try (var listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                var client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                Socket accepted = listener.accept();
                var pool = Executors.newFixedThreadPool(threads + 1)) {
            accepted.setSoTimeout(10_000);
            InputStream in = accepted.getInputStream();
            var framingLost = new AtomicBoolean();
            Future<Messages.Tally> reader = pool.submit(() -> Messages.read(in, () -> framingLost.set(true)));
            // decided once per round, before the barrier releases anyone: every sender sees the same answer
            var stopRound = new AtomicBoolean();
            var barrier = new CyclicBarrier(threads, () -> stopRound.set(framingLost.get()));
            var sent = new AtomicInteger();
            try (MessageSender sender = mode.create(scheduling.around(client.getOutputStream()))) {
                var senders = new ArrayList<Future<?>>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    senders.add(pool.submit(() -> {
                        for (int n = 0; n < messagesPerThread; n++) {
                            barrier.await(10, TimeUnit.SECONDS);
                            if (stopRound.get()) break;
                            sender.send(Messages.parts(thread, n));
                            sent.incrementAndGet();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : senders) await(f);
            } // closing the sender ends the stream: the reader sees EOF
            Messages.Tally tally = await(reader);
            return new Result(sent.get(), tally);
        }
    }

    private static OutputStream yieldingAfterWrites(OutputStream out) {
        return new FilterOutputStream(out) {
            // tag::preemption-point[]
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                Thread.yield(); // let another sender run here, as a busy scheduler may at any moment
            }
            // end::preemption-point[]

            @Override
            public void write(int b) throws IOException {
                out.write(b);
                Thread.yield();
            }
        };
    }

    private static <T> T await(Future<T> f) throws Exception {
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) throw ex;
            throw e;
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new IOException("the experiment did not finish within 60 s");
        }
    }

    /**
     * Frames sent in rounds of one per thread, each round on a connection of its own: how many were sent, how many
     * the reader received intact, how many bodies the reader rejected (a body holding parts of two messages is one,
     * and a header it cannot find ends the round as one more), and in how many rounds any frame was corrupt.
     */
    public record Rate(int sent, int intact, int rejectedByReader, int roundsCorrupted) {
        /** Corrupt frames: frames sent that the reader did not receive as one intact message. */
        public int corrupt() {
            return sent - intact;
        }

        /** {@link #corrupt()} per 10,000 frames sent. */
        public double corruptPer10k() {
            return corrupt() * 10_000.0 / sent;
        }
    }

    // tag::rate[]
    /**
     * Corrupt frames per 10,000, a rate that means something: after the first corrupt frame the reader cannot find
     * the next header, so counting on along one connection counts garbage. A frame counts as corrupt when it was sent
     * and did not arrive as one intact message. Here every round (one message from each thread, started together) has a
     * fresh connection: a corruption spoils its own round and no other. Sends up to {@code messages} messages, or as
     * many as {@code budget} allows (a round costs a few thread hand-offs, which a loaded machine makes slow); the
     * rate is per message sent, so it is a rate either way, and the result says how many it rests on.
     */
    public static Rate perRound(Mode mode, int threads, int messages, Scheduling scheduling, Duration budget)
            throws Exception {
        long deadline = System.nanoTime() + budget.toNanos();
        int sent = 0, intact = 0, corrupt = 0, spoiled = 0;
        try (var listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                var pool = Executors.newFixedThreadPool(threads)) {
            for (int round = 0; sent < messages && (round == 0 || System.nanoTime() - deadline < 0); round++) {
                try (var client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                        Socket accepted = listener.accept()) {
                    accepted.setSoTimeout(10_000);
                    var go = new CountDownLatch(1);
                    var senders = new ArrayList<Future<?>>();
                    try (MessageSender sender = mode.create(scheduling.around(client.getOutputStream()))) {
                        for (int t = 0; t < threads; t++) {
                            int thread = t, n = round;
                            senders.add(pool.submit(() -> {
                                go.await();
                                sender.send(Messages.parts(thread, n));
                                return null;
                            }));
                        }
                        go.countDown(); // all threads start their message together
                        for (Future<?> f : senders) await(f);
                    } // a round's few messages fit the socket buffers: closing the sender ends the stream for the
                    // reader
                    Messages.Tally t = Messages.read(accepted.getInputStream());
                    sent += threads;
                    intact += t.intact();
                    corrupt += t.corrupt();
                    if (t.intact() < threads) spoiled++;
                }
            }
        }
        return new Rate(sent, intact, corrupt, spoiled);
    }
    // end::rate[]
}
