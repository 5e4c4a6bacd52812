package dev.socketfaq.select.fixed;

import dev.socketfaq.select.IdleLimit;
import dev.socketfaq.select.SelectorServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * SECOND BEST: the loop wakes up every poll interval to look at a stop flag. It never loses a byte, but a stop waits
 * for the next timeout, and an idle loop wakes up for nothing, forever. A shorter interval trades one cost for the
 * other; it never removes either.
 */
public final class PollingLoop extends SelectorServer {
    public static final Duration POLL = Duration.ofMillis(300);
    private final Duration poll;
    private volatile boolean stopRequested;

    public PollingLoop(InetSocketAddress bind) throws IOException {
        this(bind, POLL, IdleLimit.DEFAULT);
    }

    public PollingLoop(InetSocketAddress bind, Duration poll, Duration idleLimit) throws IOException {
        super(bind, "polling-loop", idleLimit);
        this.poll = poll;
        start();
    }

    // tag::polling[]
    @Override
    protected void loop() throws IOException {
        while (!stopRequested) {
            select(poll.toMillis()); // returns on I/O or after the poll interval: only then is the flag looked at
            connections.handle(selector.selectedKeys());
        }
        connections.finish();
    }

    @Override
    public void requestStop() {
        stopRequested = true; // the loop notices at its next timeout: up to a poll interval later
    }
    // end::polling[]
}
