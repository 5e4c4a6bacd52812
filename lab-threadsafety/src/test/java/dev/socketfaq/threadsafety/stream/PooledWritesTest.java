package dev.socketfaq.threadsafety.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.socketfaq.kit.Frames;
import dev.socketfaq.testkit.FaqClaim;
import dev.socketfaq.testkit.Proves;
import dev.socketfaq.threadsafety.stream.broken.DirectChannelSender;
import dev.socketfaq.threadsafety.stream.fixed.QueuedChannelSender;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.WritePendingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Writes issued from a pool (FAQ, IOCP writes): four pool threads each send their messages on one asynchronous
 * channel, together. The peer reads nothing until every send has returned, so the socket buffers fill and a write
 * stays pending while others are issued: unserialised, the channel refuses them; serialised, every frame arrives
 * whole and each thread's messages in its order.
 */
@Timeout(60)
class PooledWritesTest {
    static final int THREADS = 4;
    static final int MESSAGES = 16;
    /** Message bodies of about 24 KB: a few of them fill the small socket buffers set below. */
    static final int REPEAT = 4_000;

    static final Pattern FIRST_UNIT = Pattern.compile("\\[(\\d+):(\\d+)]");

    /** What the peer read, and how many sends the channel refused with {@link WritePendingException}. */
    record Run(int refused, int intact, int corrupt, boolean inThreadOrder) {}

    // tag::pooled-writes[]
    @Test
    @Proves(FaqClaim.POOLED_WRITES_SERIALISED)
    void unserialised_writes_from_a_pool_are_refused_while_one_is_pending() throws Exception {
        Run run = run(DirectChannelSender::new);
        assertThat(run.refused()).as("sends refused with WritePendingException").isPositive();
    }

    @Test
    @Proves(FaqClaim.POOLED_WRITES_SERIALISED)
    void serialised_writes_from_a_pool_arrive_whole_and_in_each_threads_order() throws Exception {
        Run run = run(QueuedChannelSender::new);
        assertThat(run).isEqualTo(new Run(0, THREADS * MESSAGES, 0, true));
    }
    // end::pooled-writes[]

    @Test
    void a_failed_write_is_reported_to_the_next_sender_and_to_close() throws Exception {
        var group = AsynchronousChannelGroup.withFixedThreadPool(
                1, r -> Thread.ofPlatform().name("completions").unstarted(r));
        try (var listener =
                        ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                var channel = AsynchronousSocketChannel.open(group)) {
            channel.connect(listener.getLocalAddress()).get(10, TimeUnit.SECONDS);
            try (var peer = listener.accept()) {
                peer.setOption(StandardSocketOptions.SO_LINGER, 0); // its close resets the connection
            }
            var sender = new QueuedChannelSender(channel);
            var n = new AtomicInteger();
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> {
                        try {
                            sender.send(Messages.parts(0, n.getAndIncrement(), REPEAT));
                            return false;
                        } catch (IOException e) {
                            assertThat(e).hasMessageStartingWith("an earlier write failed: ");
                            return true;
                        }
                    });
            assertThatThrownBy(sender::close)
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("a write failed: ");
        } finally {
            group.shutdownNow();
            group.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    static Run run(Function<AsynchronousSocketChannel, MessageSender> writer) throws Exception {
        var group = AsynchronousChannelGroup.withFixedThreadPool(
                1, r -> Thread.ofPlatform().name("completions").unstarted(r));
        try (var listener = ServerSocketChannel.open();
                var channel = AsynchronousSocketChannel.open(group);
                var pool = Executors.newFixedThreadPool(THREADS + 1)) {
            listener.setOption(StandardSocketOptions.SO_RCVBUF, 16 * 1024);
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            channel.setOption(StandardSocketOptions.SO_SNDBUF, 16 * 1024);
            channel.connect(listener.getLocalAddress()).get(10, TimeUnit.SECONDS);
            try (var peer = listener.accept()) {
                MessageSender sender = writer.apply(channel);
                var refused = new AtomicInteger();
                var go = new CountDownLatch(1);
                var senders = new ArrayList<Future<?>>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    senders.add(pool.submit(() -> {
                        go.await();
                        for (int n = 0; n < MESSAGES; n++) {
                            try {
                                sender.send(Messages.parts(thread, n, REPEAT)); // a handler issuing its write
                            } catch (WritePendingException e) {
                                refused.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : senders) f.get(30, TimeUnit.SECONDS);
                peer.socket().setSoTimeout(10_000);
                Future<Run> read = pool.submit(() -> read(peer.socket().getInputStream(), refused.get()));
                try {
                    sender.close(); // the serialising sender waits here until its queue is written
                } catch (IOException e) {
                    // the unserialised sender's pending write ends with the channel: the peer sees what arrived
                    if (!(sender instanceof DirectChannelSender)) throw e;
                }
                return read.get(30, TimeUnit.SECONDS);
            }
        } finally {
            group.shutdownNow();
            group.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Reads frames to the end: intact ones hold one message; each thread's must come in the order it sent them. */
    static Run read(InputStream in, int refused) {
        int intact = 0;
        int corrupt = 0;
        int[] next = new int[THREADS];
        boolean inOrder = true;
        try {
            for (byte[] body; (body = Frames.read(in)) != null; ) {
                String s = new String(body, StandardCharsets.ISO_8859_1);
                Matcher m = FIRST_UNIT.matcher(s);
                if (!m.lookingAt() || !s.equals(m.group().repeat(REPEAT))) {
                    corrupt++;
                    continue;
                }
                intact++;
                int t = Integer.parseInt(m.group(1));
                inOrder &= Integer.parseInt(m.group(2)) == next[t]++;
            }
        } catch (IOException e) {
            corrupt++;
        }
        return new Run(refused, intact, corrupt, inOrder && Arrays.stream(next).allMatch(n -> n == MESSAGES));
    }
}
