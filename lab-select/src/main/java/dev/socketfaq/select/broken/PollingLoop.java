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

    public PollingLoop(InetSocketAddress bind) throws IOException {
        super(bind, "polling-loop");
    }

    // tag::polling[]
    @Override
    protected void waitForEvents() throws IOException {
        selector.select(POLL.toMillis()); // returns on I/O, or after POLL: only then is the flag looked at
    }

    @Override
    public void requestStop() {
        stopRequested = true; // the loop notices at its next timeout: up to POLL later
    }
    // end::polling[]
}
