package dev.socketfaq.threadsafety.stream;

import dev.socketfaq.kit.Evidence;
import dev.socketfaq.kit.Latencies;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.IntConsumer;

/**
 * The cost of being correct: frames/s of every mode through one loopback connection, medians over alternating rounds
 * after warm-up ({@link Throughput}), written as evidence ({@code benchmark.json}).
 */
public final class Benchmark {
    /** The least share of the unsynchronised writer's frames/s a fix must keep for correct framing to count as cheap. */
    public static final double LEAST_SHARE = 0.80;

    private Benchmark() {}

    /** Median, slowest and fastest frames/s of one mode. */
    public record Figures(double median, double min, double max) {}

    /** Every mode's figures, the fixes' shares of the unsynchronised writer's median, and the evidence file. */
    public record Report(Map<Mode, Figures> figures, double locked, double singleWriter, Path evidence) {
        public boolean cheap() {
            return locked >= LEAST_SHARE && singleWriter >= LEAST_SHARE;
        }
    }

    /** Runs {@code warmup + rounds} rounds per mode; {@code tick} is called once per round ('w' warm-up, '.' measured). */
    public static Report run(int threads, int messages, int rounds, int warmup, IntConsumer tick) throws Exception {
        var perMode = new EnumMap<Mode, List<Throughput.Round>>(Mode.class);
        try (var pool = Executors.newFixedThreadPool(threads + 1)) {
            Mode[] modes = Mode.values();
            for (int r = 0; r < warmup + rounds; r++) {
                // alternating, in a rotating order: a loaded machine drifts during a run, and every mode should see
                // the same drift rather than one mode getting the quiet minute
                for (int i = 0; i < modes.length; i++) {
                    Mode m = modes[(r + i) % modes.length];
                    Throughput.Round round = Throughput.round(m, threads, messages, pool);
                    if (r >= warmup)
                        perMode.computeIfAbsent(m, k -> new ArrayList<>()).add(round);
                }
                tick.accept(r < warmup ? 'w' : '.');
            }
        }
        var evidence = Evidence.named(
                        "benchmark",
                        "Benchmark: frames/s through one loopback connection, " + threads + " writer threads")
                .what(
                        threads + " threads each send " + messages
                                + " messages of three parts per round, as fast as they can, over a fresh loopback connection;"
                                + " a round ends when the reader has every byte. " + warmup + " warm-up rounds, then "
                                + rounds
                                + " measured rounds per mode, the modes alternating. Figures are medians of frames/s per round.")
                .unit("ms");
        var figures = new EnumMap<Mode, Figures>(Mode.class);
        perMode.forEach((mode, list) -> {
            double[] fps = list.stream()
                    .mapToDouble(Throughput.Round::framesPerSecond)
                    .sorted()
                    .toArray();
            var f = new Figures(fps[fps.length / 2], fps[0], fps[fps.length - 1]);
            figures.put(mode, f);
            var ms = new Latencies();
            list.forEach(round -> ms.record(round.nanos()));
            String kind = mode.kind().name().toLowerCase(Locale.ROOT);
            evidence.series(
                            mode.label() + " (" + kind + "): ms per round of " + threads * messages + " frames",
                            ms.summary())
                    .figure(mode.label() + ": median frames/s", f.median(), "frames/s");
        });
        double unsync = figures.get(Mode.UNSYNCHRONIZED).median();
        double locked = figures.get(Mode.LOCKED).median() / unsync;
        double single = figures.get(Mode.SINGLE_WRITER).median() / unsync;
        evidence.figure("locked / unsynchronized (median frames/s)", locked, "x")
                .figure("single-writer / unsynchronized (median frames/s)", single, "x");
        return new Report(figures, locked, single, evidence.write());
    }
}
