package dev.socketfaq.kit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Records durations and summarises them the way every lab reports timing: median and p99 from an
 * HdrHistogram (3 significant digits), plus the raw samples so the site can draw the distribution.
 */
public final class Latencies {
    private final Histogram histogram = new Histogram(3);
    private final List<Long> samplesNanos = new ArrayList<>();

    /** Records one duration in nanoseconds. */
    public synchronized void record(long nanos) {
        histogram.recordValue(Math.max(0, nanos));
        samplesNanos.add(nanos);
    }

    public synchronized Summary summary() {
        if (samplesNanos.isEmpty()) {
            throw new IllegalStateException("no samples recorded");
        }
        return new Summary(
                samplesNanos.size(),
                ms(histogram.getValueAtPercentile(50)),
                ms(histogram.getValueAtPercentile(99)),
                ms(histogram.getMinValue()),
                ms(histogram.getMaxValue()),
                samplesNanos.stream().map(Latencies::ms).toList());
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    /** A summary in milliseconds. */
    public record Summary(
            int samples, double medianMs, double p99Ms, double minMs, double maxMs, List<Double> valuesMs) {
        public Summary {
            valuesMs = List.copyOf(valuesMs);
        }

        /** The value below which {@code percent} of the samples lie (nearest rank). */
        public double percentileMs(double percent) {
            var sorted = new ArrayList<>(valuesMs);
            Collections.sort(sorted);
            int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
            return sorted.get(Math.clamp(rank - 1, 0, sorted.size() - 1));
        }

        /** "44.1 ms" or "0.062 ms": readable at any scale. */
        public static String format(double ms) {
            return ms >= 10
                    ? String.format("%.1f ms", ms)
                    : ms >= 1 ? String.format("%.2f ms", ms) : String.format("%.3f ms", ms);
        }
    }
}
