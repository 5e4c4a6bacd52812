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

    InetSocketAddress address();

    /** Asks the loop to stop; returns at once, from any thread. What happens next is the lesson. */
    void requestStop();

    /** Waits up to {@code timeout} for the loop's thread to end; true if it did. */
    boolean awaitTermination(Duration timeout) throws InterruptedException;

    /** Bytes owed to clients so far (requested), and bytes written to their sockets so far. */
    long bytesOwed();

    long bytesWritten();

    /**
     * Bytes the stop gave up on: owed to peers that stopped reading, whose connections were closed so the stop
     * could end. Not counted in {@link #bytesOwed()}. 0 for servers that never give up (or never finish).
     */
    default long bytesAbandoned() {
        return 0;
    }

    /** How many peers {@link #bytesAbandoned()} was owed to. */
    default int peersAbandoned() {
        return 0;
    }

    /** Channels (listener, connections, selector) still open; 0 after a clean stop. */
    int openChannels();

    /** How the loop ended: null for a clean end, else the exception that killed it. */
    Throwable failure();

    /** True while the loop waits for events with nothing to do: a stop request now finds it idle. */
    boolean waiting();

    /** Stops (if not yet) and releases everything: for tests and demos, never the way to stop a loop. */
    @Override
    void close();
}
