package dev.socketfaq.select.broken;

import dev.socketfaq.select.ThreadPerConnectionServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * BROKEN: blocking channels, a thread per connection, and "stop" by interrupting those threads. Java's channels are
 * interruptible: a thread interrupted in a channel read or write gets ClosedByInterruptException, and the channel is
 * closed under it. The connection dies as collateral damage, with its reply half-sent.
 */
public final class InterruptingServer extends ThreadPerConnectionServer {

    public InterruptingServer(InetSocketAddress bind) throws IOException {
        super(bind, "interrupting-server");
    }

    // tag::interrupt[]
    @Override
    public void requestStop() {
        stopRequested = true; // read by the accept thread: a connection accepted from now on is interrupted too
        threads.forEach(Thread::interrupt); // each thread in a channel read or write: ClosedByInterruptException
    }
    // end::interrupt[]
}
