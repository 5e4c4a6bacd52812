package dev.socketfaq.select.broken;

import dev.socketfaq.select.IdleLimit;
import dev.socketfaq.select.SelectorServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * BROKEN (FAQ, "Terminating a select() loop from another thread"): the stopping thread closes the listener and the
 * selector while the loop is inside select(). select() returns, the loop's next use of the selector throws
 * ClosedSelectorException, and the loop dies with replies half-written: the clients lose what they were owed.
 */
public final class CloseFromOutsideLoop extends SelectorServer {

    public CloseFromOutsideLoop(InetSocketAddress bind) throws IOException {
        this(bind, IdleLimit.DEFAULT);
    }

    public CloseFromOutsideLoop(InetSocketAddress bind, Duration idleLimit) throws IOException {
        super(bind, "close-loop", idleLimit);
        start();
    }

    // tag::close-from-outside[]
    @Override
    protected void loop() throws IOException {
        while (true) { // no stop flag: the loop ends when what it uses is taken from it
            select(connections.idleWaitMs());
            connections.handle(selector.selectedKeys());
        }
    }

    @Override
    public void requestStop() {
        // Closing what another thread is using, to make it stop: the FAQ's "bad idea". The loop learns nothing
        // about a stop; it finds its selector gone and dies, mid-reply.
        closeQuietly(selector);
    }
    // end::close-from-outside[]
}
