package dev.socketfaq.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.socketfaq.testkit.ChildJvm;
import dev.socketfaq.testkit.FaqClaim;
import dev.socketfaq.testkit.Proves;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The signal case from the FAQ: a loop usually has to stop because the process got a signal. A child JVM runs
 * the lab's server; SIGTERM runs its shutdown hook, which wakes the loop like any other thread would; the loop
 * flushes what it owes and ends.
 */
@Timeout(60)
@EnabledOnOs(
        value = {OS.LINUX, OS.MAC},
        disabledReason = "SIGTERM is a POSIX signal; Process.destroy() sends it only on Linux and macOS")
class SignalStopTest {
    static final int OWED = 8 * 1024 * 1024;

    // tag::sigterm[]
    @Test
    @Proves(FaqClaim.SIGNAL_WAKES)
    void sigterm_stops_the_loop_through_a_shutdown_hook_and_every_owed_byte_arrives() throws Exception {
        try (var child = ChildJvm.start(SelectLab.class, "server", "--mode", "wakeup", "--port", "0")) {
            String listening = child.awaitLine("listening on", Duration.ofSeconds(20));
            int port = Integer.parseInt(listening.replaceAll(".*:(\\d+) .*", "$1"));
            try (var client = OwedClient.request(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), OWED)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> client.available() > 0); // the reply is in flight

                child.process().destroy(); // SIGTERM

                assertThat(client.readUntilClosed())
                        .as("bytes received after SIGTERM")
                        .isEqualTo(OWED);
            }
            ChildJvm.Exit exit = child.awaitExit(Duration.ofSeconds(20));
            assertThat(exit.output())
                    .as("exit %d, output:%n%s", exit.code(), exit.output())
                    .contains(String.format("stopped cleanly: flushed %,d of %,d owed bytes", OWED, OWED))
                    .contains("0 channels open");
            assertThat(exit.code()).as("exit code after SIGTERM (128 + 15)").isEqualTo(143);
        }
    }
    // end::sigterm[]

    /** A peer owed 64 MiB that never reads cannot hold SIGTERM up beyond the drain limit, and the report says so. */
    @Test
    void sigterm_with_a_client_that_never_reads_still_ends_within_the_drain_limit_and_says_whom_it_gave_up_on()
            throws Exception {
        try (var child = ChildJvm.start(SelectLab.class, "server", "--mode", "wakeup", "--port", "0")) {
            String listening = child.awaitLine("listening on", Duration.ofSeconds(20));
            var address = new InetSocketAddress(
                    InetAddress.getLoopbackAddress(), Integer.parseInt(listening.replaceAll(".*:(\\d+) .*", "$1")));
            try (var neverReads = OwedClient.request(address, StoppableServer.MAX_REQUEST);
                    var reader = OwedClient.request(address, OWED)) {
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> neverReads.available() > 0 && reader.available() > 0);

                long start = System.nanoTime();
                child.process().destroy(); // SIGTERM

                assertThat(reader.readUntilClosed())
                        .as("bytes the reading client received after SIGTERM")
                        .isEqualTo(OWED);
                ChildJvm.Exit exit = child.awaitExit(Duration.ofSeconds(20));
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertThat(exit.output())
                        .as("exit %d, output:%n%s", exit.code(), exit.output())
                        .contains("gave up on")
                        .contains("owed to 1 peer that stopped reading")
                        .contains("0 channels open")
                        .doesNotContain("null");
                assertThat(exit.code()).as("exit code after SIGTERM (128 + 15)").isEqualTo(143);
                // the drain limit, plus the JVM's own exit
                assertThat(took).as("SIGTERM to exit").isLessThan(Drain.DRAIN_LIMIT.plusSeconds(3));
            }
        }
    }
}
