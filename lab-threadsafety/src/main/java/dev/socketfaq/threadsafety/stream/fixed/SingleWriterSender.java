package dev.socketfaq.threadsafety.stream.fixed;

import dev.socketfaq.kit.DoNotMutate;
import dev.socketfaq.kit.Frames;
import dev.socketfaq.threadsafety.stream.MessageSender;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * FIXED: the stream has one owner. Threads hand whole messages to a queue; a single writer thread takes whatever
 * is waiting and writes those frames, each complete, in one write call per batch. No lock around I/O, and a slow
 * peer blocks only the writer (the queue is bounded, so senders are held back rather than filling memory).
 *
 * <p>A queue between the callers and the stream must not hide the stream's failure: when the writer fails (the
 * peer is gone), it empties the queue and every later {@link #send} and {@link #close} throws an
 * {@link IOException} that names the failure. Nobody waits for a writer that is no longer there. {@code send}
 * returns once the message is queued, as a socket's {@code write} returns once the kernel has the bytes: a message
 * queued just before the writer failed is lost, and the failure is reported to the next caller and to {@code close}.
 */
public final class SingleWriterSender implements MessageSender {
    /** How often a sender held back by a full queue looks again whether the writer is still alive. */
    private static final long RECHECK_MS = 50;
    /** The writer sends what it has collected once it holds this much: one frame of the largest size, or many small ones. */
    private static final int BATCH_BYTES = 64 * 1024;
    /**
     * The end of the stream: an object of this class's own, compared by identity. It must not be a value a caller
     * could send: {@code List.copyOf(List.of())} returns {@code List.of()} itself, so an empty message would stop
     * the writer.
     */
    private static final List<byte[]> END = Collections.unmodifiableList(new ArrayList<>());

    private final OutputStream out;
    private final Duration closeTimeout;
    private final BlockingQueue<List<byte[]>> queue = new ArrayBlockingQueue<>(1024);
    private final Thread writer;
    private volatile IOException failure;

    @DoNotMutate("the default of close's deadline: hardening, see close")
    public SingleWriterSender(OutputStream out) {
        this(out, Duration.ofSeconds(10));
    }

    /** {@code closeTimeout}: how long {@link #close} waits for the queued messages to be written. */
    public SingleWriterSender(OutputStream out, Duration closeTimeout) {
        this.out = out;
        this.closeTimeout = closeTimeout;
        this.writer = Thread.ofPlatform().name("single-writer").start(this::writeLoop);
    }

    // tag::single-writer[]
    @Override
    public void send(List<byte[]> parts) throws IOException {
        List<byte[]> message = List.copyOf(parts);
        Frames.header(length(message)); // a message too long for a frame fails here, in the caller, not in the writer
        try {
            // a bounded wait, then a look at the writer: a full queue behind a dead writer never empties
            while (!queue.offer(message, RECHECK_MS, TimeUnit.MILLISECONDS)) {
                throwIfFailed();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while queueing a message");
        }
        throwIfFailed(); // queued after the writer failed: it will never be written
    }

    private void writeLoop() {
        var batch = new ArrayList<List<byte[]>>();
        var frames = new ByteArrayOutputStream(BATCH_BYTES);
        try {
            while (true) {
                batch.add(queue.take());
                queue.drainTo(batch, 255); // whatever else is waiting, in one go: fewer hand-offs per message
                boolean end = false;
                for (List<byte[]> parts : batch) {
                    if (parts == END) {
                        end = true; // close queued it: a message queued after it is not written
                        break;
                    }
                    frames.write(Frames.header(length(parts)).array());
                    for (byte[] part : parts) {
                        frames.write(part); // only this thread ever writes: nothing can come between the parts
                    }
                    if (frames.size() >= BATCH_BYTES)
                        flush(frames); // bounded: a batch of large frames goes out in pieces
                }
                flush(frames); // the batch in one write call, where the other modes make four per message (header, 3
                // parts)
                if (end) return;
                batch.clear();
            }
        } catch (IOException | RuntimeException e) {
            failure = new IOException("the single writer failed: " + e, e);
            queue.clear(); // wakes every sender held back by a full queue; they see the failure and throw
        } catch (InterruptedException e) {
            failure = new InterruptedIOException("the single writer was interrupted");
            queue.clear();
        }
    }
    // end::single-writer[]

    private void flush(ByteArrayOutputStream frames) throws IOException {
        if (frames.size() == 0) return;
        frames.writeTo(out);
        out.flush();
        frames.reset();
    }

    private void throwIfFailed() throws IOException {
        IOException f = failure;
        if (f != null) throw new IOException(f.getMessage() + "; the message was not sent", f);
    }

    private static int length(List<byte[]> parts) {
        return parts.stream().mapToInt(p -> p.length).sum();
    }

    /**
     * Writes what is queued, then closes the stream. Waits at most {@code closeTimeout} for the writer: a peer that
     * stops reading would otherwise hold {@code close} for ever. Throws if the writer failed or did not finish.
     */
    @Override
    @DoNotMutate("shutdown, apart from the lesson: a bounded wait for the writer, then the stream closed under it;"
            + " SingleWriterFailureTest tests it")
    public void close() throws IOException {
        long deadline = System.nanoTime() + closeTimeout.toNanos();
        boolean finished = false;
        try {
            while (failure == null && !queue.offer(END, RECHECK_MS, TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() - deadline > 0) break;
            }
            finished = writer.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            out.close(); // a writer still blocked in write() on a socket gets an exception and ends
            if (!finished) {
                writer.interrupt();
                try {
                    writer.join(Duration.ofSeconds(1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (!finished) {
            throw new IOException(
                    "the single writer did not finish within " + closeTimeout.toMillis()
                            + " ms (the peer stopped reading?); the stream was closed under it and queued messages are lost",
                    failure);
        }
        if (failure != null) throw new IOException(failure.getMessage(), failure);
    }
}
