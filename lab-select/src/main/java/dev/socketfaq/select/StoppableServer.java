package dev.socketfaq.select;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A server whose I/O loop runs on its own thread and that another thread asks to stop: the situation of the
 * FAQ's "Terminating a select() loop from another thread". The protocol is tiny: a client sends a 4-byte
 * count N, the server owes it N bytes. The contract: after a stop request, every byte owed is delivered, the
 * loop ends on its own, promptly, and leaves no thread or channel behind.
 */
public interface StoppableServer extends AutoCloseable {
    /** Largest reply a client may ask for: a bad request cannot make the server allocate without bound. */
    int MAX_REQUEST = 64 * 1024 * 1024;

    InetSocketAddress address();

    /** Asks the loop to stop; returns at once, from any thread. What happens next is the lesson. */
    void requestStop();

    /** Waits up to {@code timeout} for the server's threads to end; true if they did. */
    boolean awaitTermination(Duration timeout) throws InterruptedException;

    /** Bytes owed to clients so far (requested). */
    long bytesOwed();

    /** Bytes written to clients' sockets so far. */
    long bytesWritten();

    /** Bytes a stop gave up on: owed to peers that stopped reading, closed so that the stop could end. */
    default long bytesAbandoned() {
        return 0;
    }

    /** How many peers {@link #bytesAbandoned()} was owed to. */
    default int peersAbandoned() {
        return 0;
    }

    /** Channels (listener, connections, selector, pipe) still open; 0 after a clean stop. */
    int openChannels();

    /** How the server ended: null for a clean end, else the exception its stop caused. */
    Throwable failure();

    /** True while the loop waits for events with nothing to do: a stop request now finds it idle. */
    boolean waiting();

    /** Stops (if not yet) and releases everything: for tests and demos, never the way to stop a loop. */
    @Override
    void close();
}
