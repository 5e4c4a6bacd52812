package dev.socketfaq.select.fixed;

import dev.socketfaq.select.SelectorLoop;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * FIXED (FAQ, "Terminating a select() loop from another thread"): the stopping thread only records the request
 * and wakes the loop; the loop sees the flag, finishes what it owes, closes its own channels and ends.
 * {@code Selector.wakeup()} is the JDK's built-in self-pipe (an eventfd or a pipe, depending on the OS).
 */
public final class WakeupLoop extends SelectorLoop {

    public WakeupLoop(InetSocketAddress bind) throws IOException {
        super(bind, "wakeup-loop");
    }

    @Override
    protected void waitForEvents() throws IOException {
        selector.select();
    }

    // tag::wakeup[]
    @Override
    public void requestStop() {
        stopRequested = true; // state first...
        selector.wakeup();    // ...then wake the loop: select() returns at once and the loop reads the flag
    }
    // end::wakeup[]
}
