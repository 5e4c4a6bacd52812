package dev.socketfaq.select;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.Selector;
import java.time.Duration;

/**
 * What the selector loops of this lab share apart from their lesson: a selector (from {@link PlatformSelector}), the
 * protocol ({@link Connections}), the loop's thread and the counters a test reads. A subclass is a lesson: its
 * {@link #loop()} waits and serves until it learns it must stop, and its {@link #requestStop()} is how it learns.
 */
public abstract class SelectorServer implements StoppableServer {
    protected final Selector selector;
    protected final Connections connections;
    private final Thread thread;
    private volatile Throwable failure;
    private volatile boolean waiting;

    /** Opens the selector and the listener; the subclass starts the loop with {@link #start()}. */
    protected SelectorServer(InetSocketAddress bind, String name, Duration idleLimit) throws IOException {
        selector = PlatformSelector.open();
        try {
            connections = new Connections(selector, bind, idleLimit);
        } catch (IOException | RuntimeException e) {
            closeQuietly(selector);
            throw e;
        }
        thread = Thread.ofPlatform().name(name).unstarted(this::run);
    }

    /** Starts the loop's thread: the last step of a subclass's constructor, once its own fields are set. */
    protected final void start() {
        thread.start();
    }

    /** The lesson: runs on the loop's own thread, serves until told to stop, then ends, or dies. */
    protected abstract void loop() throws IOException;

    /** {@code selector.select(timeoutMs)} (0: no limit), marked as waiting while it blocks. */
    protected final int select(long timeoutMs) throws IOException {
        waiting = true;
        try {
            return selector.select(timeoutMs);
        } finally {
            waiting = false;
        }
    }

    private void run() {
        try {
            loop();
        } catch (Throwable t) {
            failure = t; // the loop died: what the broken stops cause
        } finally {
            connections.closeAll();
            closeQuietly(selector);
        }
    }

    @Override
    public InetSocketAddress address() {
        return connections.address();
    }

    @Override
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return thread.join(timeout);
    }

    @Override
    public long bytesOwed() {
        return connections.owed();
    }

    @Override
    public long bytesWritten() {
        return connections.written();
    }

    @Override
    public long bytesAbandoned() {
        return connections.drain().abandoned();
    }

    @Override
    public int peersAbandoned() {
        return connections.drain().peersAbandoned();
    }

    /** Connections closed while running because their peer was silent for the idle limit. */
    public int peersIdleClosed() {
        return connections.idle().closed();
    }

    @Override
    public int openChannels() {
        return connections.openChannels() + (selector.isOpen() ? 1 : 0);
    }

    @Override
    public Throwable failure() {
        return failure;
    }

    @Override
    public boolean waiting() {
        return waiting;
    }

    @Override
    public void close() {
        if (thread.isAlive()) {
            requestStop();
            try {
                if (!thread.join(Drain.DRAIN_LIMIT.plusSeconds(5))) {
                    // the drain ends within its limit: still running means the stop never reached the loop (a broken
                    // stop); closing the selector at least ends it
                    closeQuietly(selector);
                    thread.join(Duration.ofSeconds(5));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        connections.closeAll();
        closeQuietly(selector);
    }

    protected static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing: nothing more to do
        }
    }
}
