package dev.socketfaq.nagle;

import dev.socketfaq.kit.Frames;
import dev.socketfaq.kit.Latencies;
import dev.socketfaq.kit.Latencies.Summary;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A class of simulated students against one server: each student runs a broken and a fixed client, each client
 * holds its connection and sends a request at a steady pace. It answers the instructor's question: does the
 * lesson still show, and does everyone get served, when a whole room connects at once?
 */
public final class Classroom {
    private final InetSocketAddress server;
    private final int students;
    private final Duration interval;
    private final Duration duration;
    private final Consumer<String> progress;

    /**
     * What the class saw. Memory is the heap the open connections retain, per connection, after a collection;
     * with the server in the same process both ends of each connection are counted.
     */
    public record Result(
            int students,
            int connectionsHeld,
            int refused,
            int errors,
            List<String> firstErrors,
            Summary singleBroken,
            Summary singleFixed,
            Summary broken,
            Summary fixed,
            double heapKiBPerConnection) {

        /** The class's broken median over one lone broken client's: the lesson holds if it stays near 1. */
        public double brokenSlowdown() {
            return broken.medianMs() / singleBroken.medianMs();
        }
    }

    public Classroom(
            InetSocketAddress server, int students, Duration interval, Duration duration, Consumer<String> progress) {
        this.server = server;
        this.students = students;
        this.interval = interval;
        this.duration = duration;
        this.progress = progress;
    }

    /** Measures one lone client per mode, then the whole class at once. */
    public Result run() throws IOException, InterruptedException {
        Summary singleFixed = RoundTrips.measure(Mode.FIXED, server, 200, 200, RoundTrips.Progress.SILENT);
        Summary singleBroken = RoundTrips.measure(Mode.BROKEN, server, 20, 30, RoundTrips.Progress.SILENT);
        progress.accept(String.format(
                "one client alone: broken %s, fixed %s (medians)",
                Summary.format(singleBroken.medianMs()), Summary.format(singleFixed.medianMs())));

        long heapBefore = heapUsed();
        var broken = new Latencies();
        var fixed = new Latencies();
        var refused = new AtomicInteger();
        var errors = new AtomicInteger();
        var firstErrors = new ConcurrentLinkedQueue<String>();
        var held = new AtomicInteger();
        int clients = 2 * students;
        var ready = new CountDownLatch(clients); // every client connected and warmed up, or failed
        var go = new CountDownLatch(1);
        var done = new CountDownLatch(clients);
        var memoryTaken = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Mode mode = i % 2 == 0 ? Mode.BROKEN : Mode.FIXED;
            Latencies into = mode == Mode.BROKEN ? broken : fixed;
            threads.add(Thread.ofVirtual()
                    .name("student-" + i / 2 + "-" + mode.label())
                    .start(() -> {
                        boolean counted = false;
                        try (RequestClient client = mode.create(server)) {
                            RoundTrips.record(client, 20, new Latencies(), RoundTrips.Progress.SILENT);
                            held.incrementAndGet();
                            ready.countDown();
                            counted = true;
                            go.await();
                            memoryTaken.await(); // nobody leaves before the room's memory is read
                            pace(client, into);
                        } catch (Frames.RefusedException e) {
                            refused.incrementAndGet();
                        } catch (IOException | RuntimeException e) {
                            errors.incrementAndGet();
                            if (firstErrors.size() < 3) firstErrors.add(mode.label() + ": " + e.getMessage());
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } finally {
                            if (!counted) ready.countDown();
                            done.countDown();
                        }
                    }));
        }
        ready.await();
        progress.accept(String.format(
                "%d students: %d connections held, %d refused, %d errors; measuring for %d s",
                students, held.get(), refused.get(), errors.get(), duration.toSeconds()));
        long heapRetained = heapUsed() - heapBefore;
        memoryTaken.countDown();
        go.countDown();
        if (!done.await(duration.toMillis() + 30_000, TimeUnit.MILLISECONDS)) {
            threads.forEach(Thread::interrupt);
            done.await(5, TimeUnit.SECONDS);
        }
        int connections = Math.max(1, held.get());
        return new Result(
                students,
                held.get(),
                refused.get(),
                errors.get(),
                List.copyOf(firstErrors),
                singleBroken,
                singleFixed,
                broken.summary(),
                fixed.summary(),
                heapRetained / 1024.0 / connections);
    }

    /** Requests at a steady pace, each client starting at a random phase so the room does not send in lockstep. */
    private void pace(RequestClient client, Latencies into) throws IOException {
        long period = interval.toNanos();
        long next = System.nanoTime() + ThreadLocalRandom.current().nextLong(period);
        long end = next + duration.toNanos();
        while (next < end) {
            LockSupport.parkNanos(next - System.nanoTime()); // pacing the load, not synchronising
            RoundTrips.record(client, 1, into, RoundTrips.Progress.SILENT);
            next += period;
        }
    }

    /** Heap in use after a collection (java.base only: the lab's container image carries no java.management). */
    private static long heapUsed() {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
