package dev.socketfaq.select;

import dev.socketfaq.kit.Latencies;
import dev.socketfaq.kit.Latencies.Summary;
import dev.socketfaq.select.fixed.PollingLoop;
import java.time.Duration;

/**
 * The contract every mode is held to. Forbidden outcomes: a client receives fewer bytes than it was owed; the loop
 * dies, lingers, or leaves a channel open; a stop request waits for a timeout.
 *
 * <p>"Promptly" sits between the two distributions: an order of magnitude below the polling interval, where a woken
 * loop answers in well under a millisecond.
 */
final class StopContract {
    static final long PROMPT_MS = PollingLoop.POLL.toMillis() / 10;
    /** Far more than socket buffers hold: the reply is in flight at the stop. */
    static final int OWED = 8 * 1024 * 1024;
    /** Idle stops per mode: 20 where a stop costs a fraction of a millisecond, 5 where each costs a poll interval. */
    static final int IDLE_STOPS = 20;

    static final int POLLING_IDLE_STOPS = 5;

    private StopContract() {}

    // tag::contract[]
    /** What a stop can do, in the order the contract checks it: a stop has the first outcome it fits. */
    enum Outcome {
        LOSES_OWED_BYTES,
        DIES_OR_LEAKS,
        SLOW_TO_STOP,
        MEETS_CONTRACT
    }

    /** One mode observed: its stop with a reply in flight, its idle stops, the outcome, the contract's words. */
    record Observation(Mode mode, StopExperiment.Outcome stop, Summary idleStops, Outcome outcome, String message) {}

    /** Stops a server of {@code mode} with a reply in flight, then idle, and judges what happened. */
    static Observation observe(Mode mode) throws Exception {
        StopExperiment.Outcome stop = StopExperiment.withReplyInFlight(mode, OWED);
        var idle = new Latencies();
        boolean lingered = false;
        for (int i = 0; i < (mode == Mode.POLLING ? POLLING_IDLE_STOPS : IDLE_STOPS) && !lingered; i++) {
            Duration took = StopExperiment.idleStopTime(mode);
            idle.record(took.toNanos());
            lingered = took.compareTo(StopExperiment.STOP_WAIT) >= 0; // it did not end: one such stop says enough
        }
        return judge(stop, idle.summary(), lingered);
    }

    static Observation judge(StopExperiment.Outcome stop, Summary idle, boolean idleLingered) {
        Mode m = stop.mode();
        if (stop.delivered() < stop.owed()) {
            return new Observation(
                    m,
                    stop,
                    idle,
                    Outcome.LOSES_OWED_BYTES,
                    String.format(
                            "%s: the client received %,d of the %,d bytes it was owed; the loop %s",
                            m.label(),
                            stop.delivered(),
                            stop.owed(),
                            stop.failure() == null
                                    ? "ended anyway"
                                    : "died with " + stop.failure().getClass().getSimpleName()));
        }
        if (idleLingered) {
            return new Observation(
                    m,
                    stop,
                    idle,
                    Outcome.DIES_OR_LEAKS,
                    String.format(
                            "%s: an idle loop was still running %d s after the stop request",
                            m.label(), StopExperiment.STOP_WAIT.toSeconds()));
        }
        if (!stop.ended() || stop.failure() != null || stop.openChannels() > 0) {
            return new Observation(
                    m,
                    stop,
                    idle,
                    Outcome.DIES_OR_LEAKS,
                    String.format(
                            "%s: after the stop the loop %s with %d channels open",
                            m.label(),
                            !stop.ended()
                                    ? "was still running"
                                    : stop.failure() != null ? "had died of " + stop.failure() : "had ended",
                            stop.openChannels()));
        }
        if (idle.medianMs() >= PROMPT_MS) {
            return new Observation(
                    m,
                    stop,
                    idle,
                    Outcome.SLOW_TO_STOP,
                    String.format(
                            "%s: an idle loop took %.1f ms (median) to stop, not under %d ms: the stop request waited "
                                    + "for the loop's timeout",
                            m.label(), idle.medianMs(), PROMPT_MS));
        }
        return new Observation(m, stop, idle, Outcome.MEETS_CONTRACT, "met");
    }
    // end::contract[]
}
