package dev.socketfaq.select;

import dev.socketfaq.kit.Latencies.Summary;
import dev.socketfaq.select.broken.PollingLoop;
import java.util.Optional;

/**
 * The contract every stop method is held to. Forbidden outcomes: a client receives fewer bytes than it was
 * owed; the loop dies, lingers, or leaves a channel open; a stop request waits for a timeout.
 *
 * <p>"Promptly" sits between the two distributions: an order of magnitude below the polling interval
 * ({@value #PROMPT_MS} ms for a {@code PollingLoop.POLL} of 300 ms), where a woken loop answers in well under 1 ms.
 */
final class StopContract {
    static final long PROMPT_MS = PollingLoop.POLL.toMillis() / 10;

    private StopContract() {}

    // tag::contract[]
    /** The clauses of the contract, in the order they are checked: a stop breaks the first one it fails. */
    enum Clause {
        LOSES_OWED_BYTES,
        DIES_OR_LEAKS,
        SLOW_TO_STOP
    }

    /** Which clause a stop broke, and the contract's own words for it. */
    record Violation(Clause clause, String message) {}

    /** Empty if the stop met the contract, else the clause it broke and why. */
    static Optional<Violation> violation(SelectLab.Outcome stop, Summary idleStops) {
        String m = stop.method().label();
        if (stop.delivered() < stop.owed()) {
            return Optional.of(new Violation(
                    Clause.LOSES_OWED_BYTES,
                    String.format(
                            "%s: the client received %,d of the %,d bytes it was owed; the loop %s",
                            m,
                            stop.delivered(),
                            stop.owed(),
                            stop.failure() == null
                                    ? "ended anyway"
                                    : "died with " + stop.failure().getClass().getSimpleName())));
        }
        if (!stop.ended() || stop.failure() != null || stop.openChannels() > 0) {
            return Optional.of(new Violation(
                    Clause.DIES_OR_LEAKS,
                    String.format(
                            "%s: after the stop the loop %s with %d channels open",
                            m,
                            !stop.ended()
                                    ? "was still running"
                                    : stop.failure() != null ? "had died of " + stop.failure() : "had ended",
                            stop.openChannels())));
        }
        if (idleStops.medianMs() >= PROMPT_MS) {
            return Optional.of(new Violation(
                    Clause.SLOW_TO_STOP,
                    String.format(
                            "%s: an idle loop took %.1f ms (median) to stop, not under %d ms: the stop request waited for the "
                                    + "loop's timeout",
                            m, idleStops.medianMs(), PROMPT_MS)));
        }
        return Optional.empty();
    }
    // end::contract[]
}
