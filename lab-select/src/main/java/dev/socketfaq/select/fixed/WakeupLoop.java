package dev.socketfaq.select.fixed;

import dev.socketfaq.select.SelectorLoop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * FIXED (FAQ, "Terminating a select() loop from another thread"): the stopping thread only records the request
 * and wakes the loop; the loop sees the flag, finishes what it owes, closes its own channels and ends.
 * {@code Selector.wakeup()} is the JDK's built-in self-pipe (an eventfd on Linux, a pipe on macOS, a socket pair on
 * Windows).
 */
public final class WakeupLoop extends SelectorLoop {

    public WakeupLoop(InetSocketAddress bind) throws IOException {
        super(bind, "wakeup-loop");
    }

    /** A loop that closes connections silent for {@code idleLimit}: tests take a short one. */
    public WakeupLoop(InetSocketAddress bind, Duration idleLimit) throws IOException {
        super(bind, "wakeup-loop", idleLimit);
    }

    @Override
    protected void waitForEvents(long timeoutMs) throws IOException {
        selector.select(timeoutMs); // the next idle deadline (0: none); a stop does not wait for it, it wakes us
    }

    // tag::wakeup[]
    @Override
    public void requestStop() {
        stopRequested = true; // state first...
        selector.wakeup(); // ...then wake the loop: select() returns at once and the loop reads the flag
    }
    // end::wakeup[]
}
