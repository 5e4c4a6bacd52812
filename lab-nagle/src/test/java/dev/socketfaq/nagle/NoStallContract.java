package dev.socketfaq.nagle;

import dev.socketfaq.kit.Latencies.Summary;
import java.io.IOException;
import java.util.Optional;

/**
 * The contract every client of this lab is held to, in the spirit of jcstress's declared outcomes:
 * <b>forbidden</b>: a small request's round trip waits for the receiver's delayed-ACK timer.
 *
 * <p>The threshold sits between the two distributions, not at a magic number: the geometric mean of the floor (a
 * raw 1-byte ping-pong) and the server's delayed-ACK timeout, both measured in the same run. A fast client sits far
 * below it, a stalled one far above.
 */
record NoStallContract(Summary floor, DelayedAckTimer timer) {

    /** Measures the floor and the delayed-ACK timeout {@code server} applies to a client of this lab. */
    static NoStallContract measure(ReplyServer server) throws IOException {
        Summary floor = PingPongFloor.measure(2_000, 2_000);
        return new NoStallContract(floor, DelayedAckTimer.measure(server, Mode.FIXED, RoundTrips.WARMUP));
    }

    double thresholdMs() {
        return Math.sqrt(floor.medianMs() * timer.ms());
    }

    // tag::contract[]
    /** Empty if the round trips meet the contract, else the reason they break it. */
    Optional<String> violation(Mode mode, Summary roundTrips) {
        if (roundTrips.medianMs() < thresholdMs()) {
            return Optional.empty();
        }
        return Optional.of(String.format(
                "%s: median round trip %s is above the stall threshold %s (floor %s, delayed-ACK timeout %s): "
                        + "each request waited for the server's delayed ACK",
                mode.label(), fmt(roundTrips.medianMs()), fmt(thresholdMs()), fmt(floor.medianMs()), fmt(timer.ms())));
    }
    // end::contract[]

    private static String fmt(double ms) {
        return Summary.format(ms);
    }
}
