package dev.socketfaq.threadsafety.stream;

import static org.awaitility.Awaitility.await;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

/**
 * An instrumented stream that forces the worst interleaving without sleeping: the write call that would put byte
 * {@code pauseAtByte} (counted from 0) on the wire stops before writing, announces it on {@link #paused}, and goes
 * on only when {@code resumeWhen} holds (the other thread has finished its message, or is blocked waiting for its
 * turn). A byte position, not a call number: a sender that writes part by part and one that writes a whole batch in
 * one call are paused at the same point of the first message, the first with some of it on the wire, the second
 * with none.
 */
final class GatedOutputStream extends FilterOutputStream {
    final CountDownLatch paused = new CountDownLatch(1);
    private final long pauseAtByte;
    // closed until the test says when to open: open by default, a paused write could run on before the test had
    // even started the second sender, and the broken mode would "meet the contract" by luck of timing
    private volatile BooleanSupplier resumeWhen = () -> false;
    private long written;
    private boolean pausedOnce;

    GatedOutputStream(OutputStream out, long pauseAtByte) {
        super(out);
        this.pauseAtByte = pauseAtByte;
    }

    void resumeWhen(BooleanSupplier condition) {
        this.resumeWhen = condition;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        boolean pause;
        synchronized (this) {
            pause = !pausedOnce && written + len > pauseAtByte;
            pausedOnce |= pause;
            written += len;
        }
        if (pause) {
            paused.countDown();
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(1))
                    .until(() -> resumeWhen.getAsBoolean());
        }
        out.write(b, off, len);
    }
}
