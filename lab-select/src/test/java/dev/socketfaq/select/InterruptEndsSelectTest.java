package dev.socketfaq.select;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.testkit.FaqClaim;
import dev.socketfaq.testkit.Proves;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The FAQ's second POSIX way out of select(): a signal interrupts it. A thread's interrupt is Java's signal for one
 * thread: interrupted inside {@code select()}, the thread returns from it at once, and the selector stays open. (A
 * thread interrupted in a channel read or write loses the channel instead: {@link InterruptCollateralTest}.)
 */
@Timeout(30)
class InterruptEndsSelectTest {

    @Test
    @Proves(FaqClaim.SIGNAL_WAKES)
    void an_interrupt_ends_a_select_without_a_timeout_and_the_selector_stays_open() throws Exception {
        try (Selector selector = PlatformSelector.open()) {
            var entering = new CountDownLatch(1);
            var loop = new CompletableFuture<Boolean>();
            Thread thread = Thread.ofPlatform().name("select-until-interrupted").start(() -> {
                try {
                    entering.countDown();
                    selector.select(); // no timeout, nothing registered: only a wakeup or an interrupt ends it
                    loop.complete(Thread.currentThread().isInterrupted());
                } catch (Throwable t) {
                    loop.completeExceptionally(t);
                }
            });
            entering.await();
            // an interrupt before select() begins ends it just as well: the selector checks the status on entry
            thread.interrupt();

            assertThat(loop.get(10, TimeUnit.SECONDS))
                    .as("select() returned, the thread's interrupt status set")
                    .isTrue();
            assertThat(thread.join(Duration.ofSeconds(10))).isTrue();
            assertThat(selector.isOpen()).as("the selector is still open").isTrue();
        }
    }
}
