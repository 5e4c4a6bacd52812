package dev.socketfaq.nagle;

import dev.socketfaq.kit.Latencies.Summary;
import dev.socketfaq.kit.TcpInfo;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.Map;

/**
 * The demo's experiment: every mode against one server, round trips and (where the OS counts them per socket)
 * segments per request, and the verdict that compares them.
 */
public record SideBySide(Map<Mode, Summary> roundTrips, Map<Mode, RoundTrips.Segments> segments) {

    /** Hears the experiment as it runs. */
    public interface Listener {
        void starting(Mode mode);

        void measured(Mode mode, int request, long nanos);

        void finished(Mode mode, Summary roundTrips);
    }

    /** Runs every mode: {@code warmup} unmeasured requests, then {@code requests} measured ones. */
    public static SideBySide run(InetSocketAddress server, int warmup, int requests, Listener listener)
            throws IOException {
        var roundTrips = new EnumMap<Mode, Summary>(Mode.class);
        var segments = new EnumMap<Mode, RoundTrips.Segments>(Mode.class);
        for (Mode mode : Mode.values()) {
            listener.starting(mode);
            Summary s = RoundTrips.measure(
                    mode, server, warmup, requests, (request, nanos) -> listener.measured(mode, request, nanos));
            roundTrips.put(mode, s);
            listener.finished(mode, s);
        }
        if (TcpInfo.unavailable().isEmpty()) {
            for (Mode mode : Mode.values()) {
                segments.put(mode, RoundTrips.segmentsPerRequest(mode, server, requests));
            }
        }
        return new SideBySide(roundTrips, segments);
    }

    /** One line: how much slower broken is than fixed, and what nodelay costs in segments. */
    public String verdict() {
        double broken = roundTrips.get(Mode.BROKEN).medianMs();
        double fixed = roundTrips.get(Mode.FIXED).medianMs();
        String cost = segments.isEmpty()
                ? " (segments per request are not counted on this OS)"
                : String.format(
                        " but sends %.1f data segments per request to fixed's %.1f",
                        segments.get(Mode.NODELAY).dataOut(),
                        segments.get(Mode.FIXED).dataOut());
        return String.format(
                "verdict: broken %s vs fixed %s, %.0fx slower: each request waits for the delayed ACK; nodelay %s%s",
                Summary.format(broken),
                Summary.format(fixed),
                broken / fixed,
                Summary.format(roundTrips.get(Mode.NODELAY).medianMs()),
                cost);
    }
}
