package dev.socketfaq.nagle;

import dev.socketfaq.kit.Evidence;
import dev.socketfaq.kit.Latencies;
import dev.socketfaq.kit.Latencies.Summary;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The benchmark: every mode's round trip against the floor, a raw 1-byte ping-pong. Floor, fixed and nodelay are
 * measured in alternating rounds on open connections, so scheduling and CPU placement, which drift during a run
 * on a small machine, give all three the same conditions; broken, a timer's length per request, runs after.
 *
 * @param brokenOverFixed broken's median round trip over fixed's
 * @param fixedOverFloor fixed's median round trip over the floor's
 */
public record Benchmark(
        Summary floor,
        Summary broken,
        Summary fixed,
        Summary noDelay,
        double brokenOverFixed,
        double fixedOverFloor,
        Path evidence) {
    /** The benchmark's targets: broken at least this many times slower than fixed. */
    public static final double MIN_BROKEN_OVER_FIXED = 100;
    /** ... and fixed at most this many times the floor. */
    public static final double MAX_FIXED_OVER_FLOOR = 2;

    /** Runs the benchmark against a loopback server and writes its evidence; the server logs to {@code log}. */
    public static Benchmark run(int samples, int brokenSamples, int rounds, Consumer<String> log) throws IOException {
        int warmup = Math.max(2_000, samples / 5); // lets the JIT compile the hot paths before measuring
        int perRound = Math.max(1, samples / rounds);
        var floor = new Latencies();
        var fixed = new Latencies();
        var noDelay = new Latencies();
        Summary broken;
        try (var server = ReplyServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), log);
                var pingPong = PingPongFloor.open();
                var fixedClient = Mode.FIXED.create(server.address());
                var noDelayClient = Mode.NODELAY.create(server.address())) {
            pingPong.record(warmup, new Latencies());
            RoundTrips.record(fixedClient, warmup, new Latencies(), RoundTrips.Progress.SILENT);
            RoundTrips.record(noDelayClient, warmup, new Latencies(), RoundTrips.Progress.SILENT);
            for (int round = 0; round < rounds; round++) {
                pingPong.record(perRound, floor);
                RoundTrips.record(fixedClient, perRound, fixed, RoundTrips.Progress.SILENT);
                RoundTrips.record(noDelayClient, perRound, noDelay, RoundTrips.Progress.SILENT);
            }
            broken = RoundTrips.measure(
                    Mode.BROKEN, server.address(), RoundTrips.WARMUP, brokenSamples, RoundTrips.Progress.SILENT);
        }
        Summary f = fixed.summary();
        Summary floorSummary = floor.summary();
        double ratio = broken.medianMs() / f.medianMs();
        double overFloor = f.medianMs() / floorSummary.medianMs();
        Path file = Evidence.named("benchmark", "Benchmark: round trip on loopback, against the raw floor")
                .what("HdrHistogram over one connection per mode after warm-up; the floor is a 1-byte raw-socket "
                        + "ping-pong, measured in " + rounds + " rounds alternating with fixed and nodelay.")
                .unit("ms")
                .series("raw ping-pong (floor)", floorSummary)
                .series("broken: split write", broken)
                .series("fixed: gathering write", f)
                .series("nodelay: split write + TCP_NODELAY", noDelay.summary())
                .figure("broken / fixed (median)", ratio, "x")
                .figure("fixed / floor (median)", overFloor, "x")
                .write();
        return new Benchmark(floorSummary, broken, f, noDelay.summary(), ratio, overFloor, file);
    }

    /** The figures as a table, one line per mode, then the targets. */
    public List<String> table() {
        var lines = new ArrayList<String>();
        lines.add(String.format("%-46s %10s %10s %8s", "", "median", "p99", "samples"));
        lines.add(row("raw ping-pong (floor)", floor));
        lines.add(row("broken (" + Mode.BROKEN.what() + ")", broken));
        lines.add(row("fixed (" + Mode.FIXED.what() + ")", fixed));
        lines.add(row("nodelay (" + Mode.NODELAY.what() + ")", noDelay));
        lines.add(targets());
        return lines;
    }

    /** The targets and how this run compares with them. */
    public String targets() {
        return String.format(
                "broken/fixed median %.0fx (target >= %.0fx), fixed/floor median %.2fx (target <= %.0fx)",
                brokenOverFixed, MIN_BROKEN_OVER_FIXED, fixedOverFloor, MAX_FIXED_OVER_FLOOR);
    }

    private static String row(String name, Summary s) {
        return String.format(
                "%-46s %10s %10s %8d", name, Summary.format(s.medianMs()), Summary.format(s.p99Ms()), s.samples());
    }

    /** Whether both targets were met. */
    public boolean metTargets() {
        return brokenOverFixed >= MIN_BROKEN_OVER_FIXED && fixedOverFloor <= MAX_FIXED_OVER_FLOOR;
    }
}
