package dev.socketfaq.threadsafety.stream.broken;

import dev.socketfaq.kit.Frames;
import dev.socketfaq.threadsafety.stream.MessageSender;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * BROKEN (FAQ, "Sockets thread-safety"): each thread writes its message in several write calls, and nothing
 * keeps two threads' calls apart. Each single write is atomic in Java (the socket takes a lock per call), but
 * a message is several calls: another thread's bytes land between them, and the reader sees "abefcdgh".
 */
public final class UnsynchronizedSender implements MessageSender {
    private final OutputStream out;

    public UnsynchronizedSender(OutputStream out) {
        this.out = out;
    }

    // tag::unsynchronized[]
    @Override
    public void send(List<byte[]> parts) throws IOException {
        int length = parts.stream().mapToInt(p -> p.length).sum();
        out.write(Frames.header(length).array()); // write 1
        for (byte[] part : parts) {
            out.write(part); // writes 2..n: another thread may write in between
        }
    }
    // end::unsynchronized[]

    @Override
    public void close() throws IOException {
        out.close();
    }
}
