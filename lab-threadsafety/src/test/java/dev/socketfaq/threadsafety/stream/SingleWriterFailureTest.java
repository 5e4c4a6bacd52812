package dev.socketfaq.threadsafety.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.socketfaq.kit.Frames;
import dev.socketfaq.threadsafety.stream.fixed.SingleWriterSender;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The single writer must not hide the stream's failure behind its queue: when the writer cannot write, senders
 * learn it at once (also those held back by a full queue), and {@code close} returns. And no message a caller
 * sends, not even an empty one, may stop the writer.
 */
@Timeout(30)
class SingleWriterFailureTest {

    /** A stream whose first write waits for {@code release}, then fails as a socket does when the peer is gone. */
    static class FailingStream extends OutputStream {
        final CountDownLatch writing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            writing.countDown();
            try {
                if (!release.await(20, TimeUnit.SECONDS)) throw new IOException("test: never released");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("Broken pipe (test: the peer is gone)");
        }
    }

    @Test
    void senders_held_back_by_a_full_queue_learn_that_the_writer_failed_and_close_returns() throws Exception {
        var stream = new FailingStream();
        var sender = new SingleWriterSender(stream, Duration.ofSeconds(5));
        try (var pool = Executors.newFixedThreadPool(2)) {
            sender.send(Messages.parts(0, 0));
            // the writer has taken the first message and is stuck in write(): now the queue only fills
            assertThat(stream.writing.await(10, TimeUnit.SECONDS))
                    .as("writer reached write()")
                    .isTrue();
            for (int n = 1; n <= 1024; n++) sender.send(Messages.parts(0, n)); // the queue is full
            // two more senders: held back by the full queue (or not yet there; either way they must not wait for ever)
            List<Future<?>> held = List.of(
                    pool.submit(() -> {
                        sender.send(Messages.parts(1, 0));
                        return null;
                    }),
                    pool.submit(() -> {
                        sender.send(Messages.parts(2, 0));
                        return null;
                    }));
            stream.release.countDown(); // the write fails
            for (Future<?> f : held) {
                assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
                        .as("a held-back sender gets the writer's failure, promptly")
                        .cause()
                        .isInstanceOf(IOException.class)
                        .hasMessageContaining("Broken pipe (test: the peer is gone)");
            }
            assertThatThrownBy(() -> sender.send(Messages.parts(0, 9999)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("the single writer failed")
                    .hasMessageContaining("Broken pipe");
            assertThatThrownBy(sender::close)
                    .as("close reports the failure, and returns")
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("Broken pipe");
        }
    }

    @Test
    void an_empty_message_is_a_message_not_the_end_of_the_stream() throws Exception {
        var wire = new ByteArrayOutputStream();
        try (var sender = new SingleWriterSender(wire)) {
            sender.send(List.of()); // an empty body: a frame of length 0
            sender.send(Messages.parts(0, 1)); // must still be written
        }
        var in = new ByteArrayInputStream(wire.toByteArray());
        assertThat(Frames.read(in)).as("first frame").isEmpty();
        assertThat(Frames.read(in)).as("second frame").isEqualTo(concat(Messages.parts(0, 1)));
        assertThat(Frames.read(in)).as("end of stream").isNull();
    }

    @Test
    void close_does_not_wait_for_ever_on_a_writer_the_peer_holds_up() throws Exception {
        var stream = new FailingStream() {
            @Override
            public void close() {
                release.countDown(); // as closing a socket wakes a thread blocked in write()
            }
        };
        var sender = new SingleWriterSender(stream, Duration.ofMillis(200));
        sender.send(Messages.parts(0, 0));
        assertThat(stream.writing.await(10, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(sender::close)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("did not finish within 200 ms");
    }

    @Test
    void a_message_too_long_for_a_frame_fails_in_the_caller_and_the_writer_goes_on() throws Exception {
        var wire = new ByteArrayOutputStream();
        try (var sender = new SingleWriterSender(wire)) {
            assertThatThrownBy(() -> sender.send(List.of(new byte[Frames.MAX_BODY + 1])))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("does not fit a frame");
            sender.send(Messages.parts(0, 1));
        }
        var in = new ByteArrayInputStream(wire.toByteArray());
        assertThat(Frames.read(in)).as("the next message").isEqualTo(concat(Messages.parts(0, 1)));
        assertThat(Frames.read(in)).as("end of stream").isNull();
    }

    /** A stream whose first write waits for {@code release}, then writes as usual: a writer the peer holds up. */
    static final class HeldStream extends ByteArrayOutputStream {
        final CountDownLatch writing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void write(byte[] b, int off, int len) {
            writing.countDown();
            try {
                if (!release.await(20, TimeUnit.SECONDS)) throw new IllegalStateException("test: never released");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            super.write(b, off, len);
        }
    }

    @Test
    void a_sender_held_back_by_a_full_queue_waits_and_its_message_is_written() throws Exception {
        var stream = new HeldStream();
        var sender = new SingleWriterSender(stream);
        sender.send(Messages.parts(0, 0));
        assertThat(stream.writing.await(10, TimeUnit.SECONDS)).isTrue(); // the writer holds message 0
        for (int n = 1; n <= 1024; n++) sender.send(Messages.parts(0, n)); // the queue is full
        Thread held = Thread.ofPlatform().start(() -> {
            try {
                sender.send(Messages.parts(1, 0));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        // while the queue stays full, the sender waits: it neither drops its message nor gives up
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(held::isAlive);
        stream.release.countDown();
        assertThat(held.join(Duration.ofSeconds(10))).isTrue();
        sender.close();
        Messages.Tally tally = Messages.read(new ByteArrayInputStream(stream.toByteArray()));
        assertThat(tally.intact()).as("messages written").isEqualTo(1026);
    }

    static byte[] concat(List<byte[]> parts) {
        var b = new ByteArrayOutputStream();
        parts.forEach(b::writeBytes);
        return b.toByteArray();
    }
}
