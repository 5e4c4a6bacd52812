package dev.socketfaq.select.fixed;

import dev.socketfaq.select.SelectorLoop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.List;

/**
 * FIXED, the POSIX idiom from the FAQ, literally: a pipe is one more thing select() waits on; writing a byte to
 * it makes select() return, and the loop, on its own thread, takes that byte as the stop request. (On Windows
 * the FAQ's equivalent is an event object waited on together with the I/O handles.)
 */
public final class SelfPipeLoop extends SelectorLoop {
    private Pipe pipe; // set in registerExtra(), which the base constructor calls: no initialiser here

    public SelfPipeLoop(InetSocketAddress bind) throws IOException {
        super(bind, "self-pipe-loop");
    }

    /** A loop that closes connections silent for {@code idleLimit}: tests take a short one. */
    public SelfPipeLoop(InetSocketAddress bind, Duration idleLimit) throws IOException {
        super(bind, "self-pipe-loop", idleLimit);
    }

    // tag::self-pipe[]
    @Override
    protected void registerExtra() throws IOException {
        pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        pipe.source().register(selector, SelectionKey.OP_READ); // the loop waits on the pipe too
    }

    @Override
    public void requestStop() {
        try {
            pipe.sink().write(ByteBuffer.wrap(new byte[] {1})); // one byte: select() returns, pipe readable
        } catch (IOException e) {
            // the pipe is closed: the loop has already ended
        }
    }

    @Override
    protected void handleExtra(SelectionKey key) throws IOException {
        pipe.source().read(ByteBuffer.allocate(16)); // drain it
        stopRequested = true; // set on the loop's own thread
    }
    // end::self-pipe[]

    @Override
    protected void waitForEvents(long timeoutMs) throws IOException {
        selector.select(timeoutMs); // the next idle deadline (0: none); a stop does not wait for it, the pipe wakes us
    }

    @Override
    protected void closeExtra() {
        closeQuietly(pipe.sink());
        closeQuietly(pipe.source());
    }

    @Override
    protected List<Channel> extraChannels() {
        return List.of(pipe.sink(), pipe.source());
    }
}
