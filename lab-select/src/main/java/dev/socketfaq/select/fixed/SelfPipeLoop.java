package dev.socketfaq.select.fixed;

import dev.socketfaq.select.IdleLimit;
import dev.socketfaq.select.PlatformSelector;
import dev.socketfaq.select.SelectorServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * FIXED, the FAQ's POSIX idiom, literally: a pipe is one more thing select() waits on; a byte written to it makes
 * select() return, and the loop, on its own thread, takes that byte as the stop request. (On Windows the FAQ's
 * equivalent is an event object waited on together with the I/O handles.)
 */
public final class SelfPipeLoop extends SelectorServer {
    private final Pipe pipe;
    private final SelectionKey pipeKey;

    public SelfPipeLoop(InetSocketAddress bind) throws IOException {
        this(bind, IdleLimit.DEFAULT);
    }

    public SelfPipeLoop(InetSocketAddress bind, Duration idleLimit) throws IOException {
        super(bind, "self-pipe-loop", idleLimit);
        try {
            pipe = PlatformSelector.pipe();
            pipe.source().configureBlocking(false);
            pipeKey = pipe.source().register(selector, SelectionKey.OP_READ); // the loop waits on the pipe too
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        start();
    }

    // tag::self-pipe[]
    @Override
    public void requestStop() {
        try {
            pipe.sink().write(ByteBuffer.wrap(new byte[] {1})); // one byte: the pipe is readable, select() returns
        } catch (IOException e) {
            // the pipe is closed: the loop has ended already
        }
    }

    @Override
    protected void loop() throws IOException {
        try (var source = pipe.source();
                var sink = pipe.sink()) {
            boolean stop = false;
            while (!stop) {
                select(connections.idleWaitMs()); // returns on I/O, at an idle deadline, or on a byte in the pipe
                stop = selector.selectedKeys().remove(pipeKey); // the pipe is readable: a stop was requested
                connections.handle(selector.selectedKeys());
            }
            connections.finish(); // on the loop's own thread: deliver what is owed, then close
        }
    }
    // end::self-pipe[]

    @Override
    public int openChannels() {
        return super.openChannels()
                + (int) Stream.of(pipe.source(), pipe.sink())
                        .filter(Channel::isOpen)
                        .count();
    }
}
