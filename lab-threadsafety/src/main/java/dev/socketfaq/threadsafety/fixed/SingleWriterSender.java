package dev.socketfaq.threadsafety.fixed;

import dev.socketfaq.kit.Frames;
import dev.socketfaq.threadsafety.MessageSender;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * FIXED: the stream has one owner. Threads hand whole messages to a queue; a single writer thread takes them
 * one by one and writes each completely. No lock around I/O, and a slow peer blocks only the writer (the queue
 * is bounded, so senders are held back rather than filling memory).
 */
public final class SingleWriterSender implements MessageSender {
    private static final List<byte[]> END = List.of();

    private final OutputStream out;
    private final BlockingQueue<List<byte[]>> queue = new ArrayBlockingQueue<>(1024);
    private final Thread writer;
    private volatile IOException failure;

    public SingleWriterSender(OutputStream out) {
        this.out = out;
        this.writer = Thread.ofPlatform().name("single-writer").start(this::writeLoop);
    }

    // tag::single-writer[]
    @Override
    public void send(List<byte[]> parts) throws IOException {
        if (failure != null) throw new IOException("the writer failed earlier: " + failure.getMessage(), failure);
        try {
            queue.put(List.copyOf(parts)); // the whole message, as one item
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while queueing a message");
        }
    }

    private void writeLoop() {
        try {
            for (List<byte[]> parts; (parts = queue.take()) != END; ) {
                out.write(Frames.header(parts.stream().mapToInt(p -> p.length).sum()).array());
                for (byte[] part : parts) {
                    out.write(part); // only this thread ever writes: nothing can come between the parts
                }
            }
        } catch (IOException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
    // end::single-writer[]

    /** Writes what is queued, then closes the stream. */
    @Override
    public void close() throws IOException {
        try {
            queue.put(END);
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.close();
    }
}
