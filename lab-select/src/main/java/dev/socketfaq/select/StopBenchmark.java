package dev.socketfaq.select;

import dev.socketfaq.kit.Evidence;
import dev.socketfaq.kit.Latencies;
import dev.socketfaq.kit.Latencies.Summary;
import dev.socketfaq.select.fixed.PollingLoop;
import dev.socketfaq.select.fixed.SelfPipeLoop;
import dev.socketfaq.select.fixed.WakeupLoop;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The benchmark: how long a stop takes with {@code clients} connected, for the two fixes and for a loop that
 * polls its flag. One stop = a fresh server, every client connected and served (so the loop is idle in select()),
 * then the clock runs from {@code requestStop()} to the end of the loop's thread: waking, closing every connection
 * and the selector, ending. The methods are measured in alternating rounds, so all see the same machine.
 */
public final class StopBenchmark {
    /** The bench's pass marks for the fixes: a median stop under 1 ms, and 100 times faster than the polling loop. */
    public static final double FIXED_MEDIAN_BAR_MS = 1.0;

    public static final double RATIO_BAR = 100;

    private StopBenchmark() {}

    /** How many of what: {@code stops} per fixed method per round; the polling loop stops once per round. */
    public record Plan(int clients, int warmup, int rounds, int stops, Duration poll) {}

    public record Result(Plan plan, Summary wakeup, Summary selfPipe, Summary polling) {
        /** The slower fix's median: the claim must hold for both. */
        public double fixedMedianMs() {
            return Math.max(wakeup.medianMs(), selfPipe.medianMs());
        }

        /** Polling's median over the slower fix's: how many times faster a woken loop stops. */
        public double ratio() {
            return polling.medianMs() / fixedMedianMs();
        }

        public boolean meetsBars() {
            return fixedMedianMs() < FIXED_MEDIAN_BAR_MS && ratio() >= RATIO_BAR;
        }
    }

    /** The result as a table: one row per loop, median, p99 and samples. */
    public static List<String> table(Result r) {
        String row = "%-30s %10s %10s %8s";
        return List.of(
                String.format(row, "", "median", "p99", "samples"),
                row(row, "wakeup", r.wakeup()),
                row(row, "self-pipe", r.selfPipe()),
                row(row, "polling (" + r.plan().poll().toMillis() + " ms)", r.polling()));
    }

    private static String row(String format, String name, Summary s) {
        return String.format(format, name, Summary.format(s.medianMs()), Summary.format(s.p99Ms()), s.samples());
    }

    /** One line: whether the fixes met the pass marks, with the figures that decide it. */
    public static String verdict(Result r) {
        return String.format(
                "verdict: %s: slower fix's median %s (pass: < %s ms); polling/fixed median %.0fx (pass: >= %.0fx)",
                r.meetsBars() ? "pass" : "FAIL",
                Summary.format(r.fixedMedianMs()),
                FIXED_MEDIAN_BAR_MS,
                r.ratio(),
                RATIO_BAR);
    }

    /** Writes target/evidence/benchmark.json and returns its path. */
    public static Path writeEvidence(Result r) throws IOException {
        Plan p = r.plan();
        String polling = "polling (" + p.poll().toMillis() + " ms timeout)";
        return Evidence.named("benchmark", "Benchmark: stop latency with " + p.clients() + " connected clients")
                .what("From requestStop() to the end of the loop's thread, a fresh idle server per stop with "
                        + p.clients() + " clients connected; " + p.warmup() + " warm-up stops per fix, then "
                        + p.rounds() + " rounds of " + p.stops() + " stops per fix and one stop of a loop polling "
                        + "every " + p.poll().toMillis() + " ms (HdrHistogram).")
                .unit("ms")
                .series("wakeup (fixed)", r.wakeup())
                .series("self-pipe (fixed)", r.selfPipe())
                .series(polling, r.polling())
                .figure("slower fix, median", r.fixedMedianMs(), "ms")
                .figure("polling / fixed (median)", r.ratio(), "x")
                .write();
    }

    @FunctionalInterface
    interface ServerFactory {
        StoppableServer start(InetSocketAddress bind) throws IOException;
    }

    /** Runs the plan; {@code progress} hears one line per round. */
    public static Result run(Plan plan, Consumer<String> progress) throws Exception {
        ServerFactory wakeup = WakeupLoop::new;
        ServerFactory selfPipe = SelfPipeLoop::new;
        ServerFactory polling = bind -> new PollingLoop(bind, plan.poll(), IdleLimit.DEFAULT);
        // warm-up: the JIT compiles the loop, the connect and close paths before anything counts; the polling
        // loop runs the same loop code, so its warm-up is the fixes' (and would cost a poll interval per stop)
        for (int i = 0; i < plan.warmup(); i++) {
            stopNanos(wakeup, plan.clients());
            stopNanos(selfPipe, plan.clients());
        }
        var w = new Latencies();
        var s = new Latencies();
        var p = new Latencies();
        for (int round = 1; round <= plan.rounds(); round++) {
            for (int i = 0; i < plan.stops(); i++) {
                w.record(stopNanos(wakeup, plan.clients()));
                s.record(stopNanos(selfPipe, plan.clients()));
            }
            long polled = stopNanos(polling, plan.clients());
            p.record(polled);
            progress.accept(
                    String.format("round %d/%d: polling %s", round, plan.rounds(), Summary.format(polled / 1e6)));
        }
        return new Result(plan, w.summary(), s.summary(), p.summary());
    }

    /** One stop of an idle server with {@code clients} connected; nanoseconds from the request to the loop's end. */
    static long stopNanos(ServerFactory factory, int clients) throws Exception {
        List<OwedClient> connected = new ArrayList<>(clients);
        try (StoppableServer server = factory.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            for (int i = 0; i < clients; i++) {
                connected.add(OwedClient.request(server.address(), 1));
            }
            for (OwedClient c : connected) {
                c.readExactly(1); // every client served: the loop has nothing left to do but wait
            }
            awaitWaiting(server);
            long start = System.nanoTime();
            server.requestStop();
            if (!server.awaitTermination(Drain.DRAIN_LIMIT.plusSeconds(5))) {
                throw new IllegalStateException("a server with " + clients + " idle clients did not stop");
            }
            return System.nanoTime() - start;
        } finally {
            for (OwedClient c : connected) c.close();
        }
    }

    /** Waits (bounded) until the loop is back in select() with nothing to do: a stop now finds it idle. */
    private static void awaitWaiting(StoppableServer server) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!server.waiting()) {
            if (System.nanoTime() > deadline)
                throw new IllegalStateException("timed out waiting for the loop to go idle");
            LockSupport.parkNanos(50_000); // polling a flag the loop sets; the stop itself is timed, not this
        }
    }
}
