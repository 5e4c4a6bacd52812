package dev.socketfaq.select;

import java.util.Locale;

/**
 * The stops a packet capture records: {@link StopExperiment#withReplyInFlight} once per mode named, in that order,
 * each on a connection of its own over loopback. One line per stop ({@code STOP mode=... owed=... delivered=...}),
 * so the capture's reader knows which connection is which: the capture's connections come in the same order.
 *
 * <p>Usage (in a container, by the lab's wire tests): {@code WireStops <bytes owed> <mode>...}.
 */
public final class WireStops {
    private WireStops() {}

    public static void main(String[] args) throws Exception {
        int bytes = Integer.parseInt(args[0]);
        for (int i = 1; i < args.length; i++) {
            Mode mode = Mode.valueOf(args[i].toUpperCase(Locale.ROOT).replace('-', '_'));
            StopExperiment.Outcome o = StopExperiment.withReplyInFlight(mode, bytes);
            System.out.printf(
                    "STOP mode=%s owed=%d delivered=%d ended=%b%n", mode.label(), o.owed(), o.delivered(), o.ended());
        }
    }
}
