package dev.socketfaq.threadsafety.stream.fixed;

import dev.socketfaq.kit.Frames;
import dev.socketfaq.threadsafety.stream.MessageSender;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/** FIXED: a lock around the whole message, so a message's writes are never separated by another thread's. */
public final class LockedSender implements MessageSender {
    private final OutputStream out;
    private final ReentrantLock lock = new ReentrantLock();

    public LockedSender(OutputStream out) {
        this.out = out;
    }

    // tag::locked[]
    @Override
    public void send(List<byte[]> parts) throws IOException {
        int length = parts.stream().mapToInt(p -> p.length).sum();
        // tag::solution[] threadsafety-lock-the-message
        lock.lock(); // one whole message at a time: the unit the reader parses is the unit we lock
        try {
            out.write(Frames.header(length).array());
            for (byte[] part : parts) {
                out.write(part);
            }
        } finally {
            lock.unlock();
        }
        // end::solution[]
    }
    // end::locked[]

    // tag::start[] threadsafety-lock-the-message: many threads send at once: each message must arrive whole
    // out.write(Frames.header(length).array());
    // for (byte[] part : parts) {
    //     out.write(part);
    // }
    // end::start[]

    @Override
    public void close() throws IOException {
        out.close();
    }
}
