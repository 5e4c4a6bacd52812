package dev.socketfaq.nagle;

import dev.socketfaq.kit.Latencies.Summary;
import java.util.Optional;

/**
 * The contract every client of this lab is held to, in the spirit of jcstress's declared outcomes:
 * <b>forbidden</b>: a small request's round trip waits for the receiver's delayed-ACK timer.
 *
 * <p>The threshold sits between the two distributions, not at a magic number: the geometric mean of the
 * floor (a raw 1-byte ping-pong measured in the same run) and the OS's delayed-ACK timer. On Linux that is
 * about sqrt(0.03 ms x 40 ms) = 1 ms: a fast client sits far below it, a stalled one far above.
 */
record NoStallContract(double floorMs, double delayedAckMs) {

    double thresholdMs() {
        return Math.sqrt(floorMs * delayedAckMs);
    }

    // tag::contract[]
    /** Empty if the round trips meet the contract, else the reason they break it. */
    Optional<String> violation(Mode mode, Summary roundTrips) {
        if (roundTrips.medianMs() < thresholdMs()) {
            return Optional.empty();
        }
        return Optional.of(String.format(
                "%s: median round trip %s is above the stall threshold %s (floor %s, delayed-ACK timer %s): "
                        + "each request waited for the server's delayed ACK",
                mode.label(), fmt(roundTrips.medianMs()), fmt(thresholdMs()), fmt(floorMs), fmt(delayedAckMs)));
    }
    // end::contract[]

    private static String fmt(double ms) {
        return Summary.format(ms);
    }
}
