package dev.socketfaq.select.broken;

import dev.socketfaq.select.SelectorLoop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * CORRECT BUT SLOW: the loop wakes up every {@link #POLL} to look at a stop flag. It never loses a byte, but a
 * stop waits for the next timeout, and every idle loop wakes up for nothing, forever. Shortening the timeout
 * trades stop latency for wasted wake-ups; it never removes either.
 */
public final class PollingLoop extends SelectorLoop {
    public static final Duration POLL = Duration.ofMillis(300);
    private final Duration poll;

    public PollingLoop(InetSocketAddress bind) throws IOException {
        this(bind, POLL);
    }

    /** A loop that polls every {@code poll}: the benchmark holds the fix against the 1 s loops people write. */
    public PollingLoop(InetSocketAddress bind, Duration poll) throws IOException {
        this(bind, poll, IDLE_LIMIT);
    }

    /** A loop that polls every {@code poll} and closes connections silent for {@code idleLimit} (tests take a short one). */
    public PollingLoop(InetSocketAddress bind, Duration poll, Duration idleLimit) throws IOException {
        this.poll = poll; // before super(): the base constructor starts the loop, which reads it at once
        super(bind, "polling-loop", idleLimit);
    }

    // tag::polling[]
    @Override
    protected void waitForEvents(long idleDeadlineMs) throws IOException {
        // returns on I/O, or after the poll interval (sooner only for an idle deadline): only then is the flag looked
        // at
        selector.select(idleDeadlineMs == 0 ? poll.toMillis() : Math.min(poll.toMillis(), idleDeadlineMs));
    }

    @Override
    public void requestStop() {
        stopRequested = true; // the loop notices at its next timeout: up to a poll interval later
    }
    // end::polling[]
}
