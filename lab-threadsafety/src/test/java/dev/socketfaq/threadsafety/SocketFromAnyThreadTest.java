package dev.socketfaq.threadsafety;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.testkit.FaqClaim;
import dev.socketfaq.testkit.Proves;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The socket object is thread-safe (FAQ, "Sockets thread-safety"): one thread reads while another writes the same
 * channel. The peer answers only once it has received everything the writer sends, so the reader sits in read() for
 * the whole of the write: a socket that let only one call in at a time would deadlock here, and time out.
 */
@Timeout(30)
class SocketFromAnyThreadTest {
    static final int BYTES = 4 * 1024 * 1024; // more than the socket buffers hold: both calls are in progress at once

    // tag::read-while-write[]
    @Test
    @Proves(FaqClaim.SOCKET_FROM_ANY_THREAD)
    void one_thread_reads_while_another_writes_the_same_channel() throws Exception {
        byte[] up = bytes(1);
        byte[] down = bytes(2);
        try (var listener =
                        ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                SocketChannel channel = SocketChannel.open(listener.getLocalAddress());
                SocketChannel peer = listener.accept();
                var threads = Executors.newFixedThreadPool(3)) {
            var reading = new CountDownLatch(1);
            var received = threads.submit(
                    () -> { // thread A: reads the channel
                        ByteBuffer in = ByteBuffer.allocate(BYTES);
                        reading.countDown();
                        while (in.hasRemaining() && channel.read(in) >= 0) {}
                        return in.array();
                    });
            var written = threads.submit(
                    () -> { // thread B: writes the same channel, while A waits in read()
                        reading.await();
                        ByteBuffer out = ByteBuffer.wrap(up);
                        while (out.hasRemaining()) channel.write(out);
                        return null;
                    });
            var peerGot = threads.submit(() -> {
                ByteBuffer in = ByteBuffer.allocate(BYTES);
                while (in.hasRemaining() && peer.read(in) >= 0) {}
                ByteBuffer out = ByteBuffer.wrap(down); // only now the answer: A's read cannot end before B's write
                while (out.hasRemaining()) peer.write(out);
                return in.array();
            });
            written.get(20, TimeUnit.SECONDS);
            assertThat(peerGot.get(20, TimeUnit.SECONDS))
                    .as("what the writer sent")
                    .isEqualTo(up);
            assertThat(received.get(20, TimeUnit.SECONDS))
                    .as("what the reader received")
                    .isEqualTo(down);
        }
    }
    // end::read-while-write[]

    static byte[] bytes(long seed) {
        byte[] b = new byte[BYTES];
        new Random(seed).nextBytes(b);
        return b;
    }
}
