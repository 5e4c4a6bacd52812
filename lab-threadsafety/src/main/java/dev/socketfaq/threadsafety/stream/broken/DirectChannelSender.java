package dev.socketfaq.threadsafety.stream.broken;

import dev.socketfaq.threadsafety.stream.MessageSender;
import dev.socketfaq.threadsafety.stream.Messages;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.util.List;

/**
 * BROKEN (FAQ, "Sockets thread-safety", IOCP writes): whichever pool thread has a message issues its write at once.
 * Each write finishes its own frame, but nothing keeps two threads' writes apart: Java refuses the second write while
 * the first is pending ({@code WritePendingException}); IOCP would queue both and the pieces could go out of order.
 */
public final class DirectChannelSender implements MessageSender {
    private final AsynchronousSocketChannel channel;

    public DirectChannelSender(AsynchronousSocketChannel channel) {
        this.channel = channel;
    }

    // tag::direct[]
    @Override
    public void send(List<byte[]> parts) {
        ByteBuffer frame = Messages.frame(parts);
        channel.write(frame, frame, rest); // from this pool thread, now, whatever the other threads are writing
    }

    private final CompletionHandler<Integer, ByteBuffer> rest = new CompletionHandler<>() {
        @Override
        public void completed(Integer written, ByteBuffer frame) {
            if (frame.hasRemaining()) channel.write(frame, frame, this); // the rest of this frame
        }

        @Override
        public void failed(Throwable e, ByteBuffer frame) {}
    };
    // end::direct[]

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
