package dev.socketfaq.threadsafety;

import static org.awaitility.Awaitility.await;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

/**
 * An instrumented stream that forces the worst interleaving without sleeping: the {@code pauseAt}-th write
 * call stops, announces it on {@link #paused}, and goes on only when {@code resumeWhen} holds (the other
 * thread has finished its message, or is blocked waiting for its turn).
 */
final class GatedOutputStream extends FilterOutputStream {
    final CountDownLatch paused = new CountDownLatch(1);
    private final int pauseAt;
    // closed until the test says when to open: open by default, a paused write could run on before the test had
    // even started the second sender, and the broken mode would "meet the contract" by luck of timing
    private volatile BooleanSupplier resumeWhen = () -> false;
    private int calls;

    GatedOutputStream(OutputStream out, int pauseAt) {
        super(out);
        this.pauseAt = pauseAt;
    }

    void resumeWhen(BooleanSupplier condition) {
        this.resumeWhen = condition;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        boolean pause;
        synchronized (this) {
            pause = ++calls == pauseAt;
        }
        if (pause) {
            paused.countDown();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1)).until(() -> resumeWhen.getAsBoolean());
        }
        out.write(b, off, len);
    }
}
