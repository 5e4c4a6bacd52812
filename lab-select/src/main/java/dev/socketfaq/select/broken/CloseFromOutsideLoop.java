package dev.socketfaq.select.broken;

import dev.socketfaq.select.SelectorLoop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * BROKEN (FAQ, "Terminating a select() loop from another thread"): the stopping thread closes the selector and
 * the listener while the loop is inside select(). select() returns, the loop's next use of the selector throws
 * ClosedSelectorException, and the loop dies with replies half-written: the clients lose what they were owed.
 */
public final class CloseFromOutsideLoop extends SelectorLoop {

    public CloseFromOutsideLoop(InetSocketAddress bind) throws IOException {
        super(bind, "close-from-outside-loop");
    }

    /** A loop that closes connections silent for {@code idleLimit}: tests take a short one. */
    public CloseFromOutsideLoop(InetSocketAddress bind, Duration idleLimit) throws IOException {
        super(bind, "close-from-outside-loop", idleLimit);
    }

    @Override
    protected void waitForEvents(long timeoutMs) throws IOException {
        selector.select(timeoutMs);
    }

    @Override
    public void requestStop() {
        // tag::close-from-outside[]
        // Closing what another thread is using, to make it stop: the FAQ's "bad idea". The loop learns nothing
        // about a stop; it just finds its selector gone and dies, mid-reply.
        closeQuietly(listener);
        closeQuietly(selector);
        // end::close-from-outside[]
    }
}
