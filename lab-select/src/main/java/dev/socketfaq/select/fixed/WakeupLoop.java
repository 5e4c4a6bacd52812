package dev.socketfaq.select.fixed;

import dev.socketfaq.select.IdleLimit;
import dev.socketfaq.select.SelectorServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * FIXED (FAQ, "Terminating a select() loop from another thread"): the stopping thread only records the request and
 * wakes the loop; the loop sees the flag, finishes what it owes, closes its own channels and ends.
 * {@code Selector.wakeup()} is the JDK's built-in self-pipe (an eventfd on Linux, a pipe on macOS, a socket pair on
 * Windows).
 */
public final class WakeupLoop extends SelectorServer {
    private volatile boolean stopRequested;

    public WakeupLoop(InetSocketAddress bind) throws IOException {
        this(bind, IdleLimit.DEFAULT);
    }

    public WakeupLoop(InetSocketAddress bind, Duration idleLimit) throws IOException {
        super(bind, "wakeup-loop", idleLimit);
        start();
    }

    // tag::loop[]
    @Override
    protected void loop() throws IOException {
        while (!stopRequested) {
            select(connections.idleWaitMs()); // returns on I/O, at an idle deadline, or when woken
            connections.handle(selector.selectedKeys());
        }
        connections.finish(); // on the loop's own thread: deliver what is owed, then close
    }
    // end::loop[]

    // tag::wakeup[]
    @Override
    public void requestStop() {
        stopRequested = true; // state first...
        // tag::solution[] select-wake-the-loop
        selector.wakeup(); // ...then wake the loop: select() returns at once and the loop reads the flag
        // end::solution[]
    }
    // end::wakeup[]

    // tag::start[] select-wake-the-loop: the loop must see the stop at once, even while it waits in select()
    // // the flag is set: the loop reads it when select() next returns
    // end::start[]
}
