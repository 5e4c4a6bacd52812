package dev.socketfaq.threadsafety.stream.fixed;

import dev.socketfaq.kit.DoNotMutate;
import dev.socketfaq.threadsafety.stream.MessageSender;
import dev.socketfaq.threadsafety.stream.Messages;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * FIXED (the FAQ: "maintain the data stream and supply sequential chunks of it"): one write outstanding at a time.
 * A pool thread with a message either starts the write, if none is in flight, or queues the frame; each completion
 * finishes its frame and then starts the next in line. No thread waits for I/O. The queue is not bounded: a producer
 * faster than its peer needs back-pressure, as {@link SingleWriterSender}'s bounded queue gives.
 */
public final class QueuedChannelSender implements MessageSender {
    private final AsynchronousSocketChannel channel;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private boolean writing;
    private IOException failure;

    public QueuedChannelSender(AsynchronousSocketChannel channel) {
        this.channel = channel;
    }

    // tag::queued[]
    @Override
    public void send(List<byte[]> parts) throws IOException {
        ByteBuffer frame = Messages.frame(parts);
        synchronized (this) {
            if (failure != null) throw new IOException("an earlier write failed: " + failure.getMessage(), failure);
            if (writing) {
                queue.add(frame); // a write is in flight: this frame waits its turn
                return;
            }
            writing = true;
        }
        channel.write(frame, frame, next);
    }

    private final CompletionHandler<Integer, ByteBuffer> next = new CompletionHandler<>() {
        @Override
        public void completed(Integer written, ByteBuffer frame) {
            ByteBuffer following;
            synchronized (QueuedChannelSender.this) {
                following = frame.hasRemaining() ? frame : queue.poll(); // this frame's rest first, then the next
                if (following == null) {
                    writing = false;
                    QueuedChannelSender.this.notifyAll();
                    return;
                }
            }
            channel.write(following, following, this);
        }
        // end::queued[]

        @Override
        public void failed(Throwable e, ByteBuffer frame) {
            synchronized (QueuedChannelSender.this) {
                failure = e instanceof IOException io ? io : new IOException(e);
                queue.clear();
                writing = false;
                QueuedChannelSender.this.notifyAll();
            }
        }
    };

    /** Waits (at most 10 s) until every queued frame is written, then closes the channel. */
    @Override
    @DoNotMutate("shutdown, apart from the lesson: a bounded wait for the queue to drain, then the channel closed")
    public void close() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try {
            synchronized (this) {
                for (long left; writing && (left = deadline - System.nanoTime()) > 0; ) {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
                if (writing) throw new IOException("queued frames not written within 10 s (the peer stopped reading?)");
                if (failure != null) throw new IOException("a write failed: " + failure.getMessage(), failure);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the queue drained");
        } finally {
            channel.close();
        }
    }
}
