package dev.socketfaq.threadsafety.completion;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Reads chunk by chunk and hands each completed read to a pool, numbered in the order the reads completed: the
 * shape of an IOCP or AsynchronousSocketChannel receiver whose handlers run on several threads.
 */
public final class CompletionReader {
    private CompletionReader() {}

    /**
     * Reads {@code in} to its end in chunks of {@code chunkSize}; returns how many completions were handed over.
     * A stand-in for the channel below, for tests that play the pool with a controlled executor and want no socket.
     */
    public static int readAll(InputStream in, int chunkSize, Executor pool, ChunkAssembler assembler)
            throws IOException {
        int sequence = 0;
        for (byte[] chunk; (chunk = in.readNBytes(chunkSize)).length > 0; ) {
            int seq = sequence++; // numbered here, where the order is still known
            String text = new String(chunk, StandardCharsets.US_ASCII);
            pool.execute(() -> assembler.completed(seq, text)); // from here on, threads race
        }
        return sequence;
    }

    // tag::async-reads[]
    /**
     * Real asynchronous reads: reads {@code channel} to its end, {@code chunkSize} bytes at most per read. Each read
     * completes on a thread of the channel's group; its handler numbers the chunk, hands it to {@code pool}, and
     * starts the next read. Completes with the number of chunks once the peer has closed its side.
     */
    public static CompletableFuture<Integer> readAll(
            AsynchronousSocketChannel channel, int chunkSize, Executor pool, ChunkAssembler assembler) {
        var done = new CompletableFuture<Integer>();
        ByteBuffer first = ByteBuffer.allocate(chunkSize);
        channel.read(
                first,
                first,
                new CompletionHandler<Integer, ByteBuffer>() { // the buffer is its own attachment
                    private int sequence; // a channel allows one outstanding read: one handler at a time touches this

                    @Override
                    public void completed(Integer bytes, ByteBuffer chunk) {
                        if (bytes < 0) {
                            done.complete(sequence); // the peer closed its side: every chunk has been handed over
                            return;
                        }
                        int seq = sequence++; // numbered here, where the order is still known
                        String text =
                                StandardCharsets.US_ASCII.decode(chunk.flip()).toString();
                        try {
                            pool.execute(() -> assembler.completed(seq, text)); // from here on, threads race
                            ByteBuffer next = ByteBuffer.allocate(chunkSize);
                            channel.read(next, next, this); // only now the next read: one at a time
                        } catch (RuntimeException e) {
                            done.completeExceptionally(e);
                        }
                    }

                    @Override
                    public void failed(Throwable e, ByteBuffer chunk) {
                        done.completeExceptionally(e);
                    }
                });
        return done;
    }
    // end::async-reads[]

    /**
     * A loopback peer for the reads above: each {@link #deliver} opens a connection, sends {@code message} from the
     * other end in one write and closes it, while {@link #readAll(AsynchronousSocketChannel, int, Executor,
     * ChunkAssembler)} reads it. The channels belong to a group of their own, so closing this stops its threads.
     */
    public static final class Loopback implements AutoCloseable {
        private final ServerSocket listener = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        private final AsynchronousChannelGroup group = AsynchronousChannelGroup.withFixedThreadPool(
                1, r -> Thread.ofPlatform().name("completion-port").unstarted(r));

        public Loopback() throws IOException {}

        /** Sends {@code message} over a new connection; returns how many chunks the reads handed to {@code pool}. */
        public int deliver(byte[] message, int chunkSize, Executor pool, ChunkAssembler assembler) throws Exception {
            try (var channel = AsynchronousSocketChannel.open(group)) {
                channel.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()))
                        .get(10, TimeUnit.SECONDS);
                CompletableFuture<Integer> chunks = readAll(channel, chunkSize, pool, assembler);
                try (Socket peer = listener.accept()) {
                    peer.getOutputStream().write(message);
                    peer.shutdownOutput();
                    return chunks.get(10, TimeUnit.SECONDS);
                }
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
            group.shutdownNow();
            try {
                group.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
