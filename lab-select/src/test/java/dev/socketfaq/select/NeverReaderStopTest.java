package dev.socketfaq.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.DataOutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A bad client must not hold up the stop. Next to a client that reads, one asks for the most the server
 * gives (64 MiB), never reads, and keeps sending, so that its connection is readable all through the stop. The
 * stop must still deliver every byte to the reader, end within {@link Drain#DRAIN_LIMIT}, leave nothing
 * open, say whom it gave up on, and not spin while it waits for the stalled peer.
 */
@Timeout(60)
class NeverReaderStopTest {
    static final int OWED = 8 * 1024 * 1024;
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    // tag::never-reader[]
    @ParameterizedTest(name = "{0}")
    @EnumSource(
            value = Mode.class,
            names = {"POLLING", "WAKEUP", "SELF_PIPE"}) // the loops that drain
    void a_client_that_never_reads_cannot_hold_up_the_stop(Mode mode) throws Exception {
        try (StoppableServer server = mode.create(new InetSocketAddress(LOOPBACK, 0));
                var neverReads = new Socket();
                var reader = OwedClient.request(server.address(), OWED)) {
            neverReads.setReceiveBufferSize(32 * 1024);
            neverReads.connect(server.address(), 3_000);
            var out = new DataOutputStream(neverReads.getOutputStream());
            out.writeInt(StoppableServer.MAX_REQUEST);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> server.bytesOwed() == OWED + (long) StoppableServer.MAX_REQUEST);
            int openBeforeStop = server.openChannels();

            long start = System.nanoTime();
            long cpuAtStop = loopCpuNanos(mode);
            server.requestStop();
            // once the loop has seen the stop (its listener closes; the reader cannot be done before it reads), send
            // a second request it must not read: the connection stays readable for the rest of the stop
            await().atMost(Duration.ofSeconds(10)).until(() -> server.openChannels() < openBeforeStop);
            out.writeInt(1);
            var delivery = CompletableFuture.supplyAsync(reader::readUntilClosed);
            // while the loop drains the reader and waits out the stalled peer, read its CPU time every 20 ms: the
            // last reading taken while it was alive closes the window (a dead thread has no CPU time to read)
            long cpu = 0, window = 0;
            long deadline = start + Drain.DRAIN_LIMIT.plusSeconds(1).toNanos();
            boolean ended;
            while (!(ended = server.awaitTermination(Duration.ofMillis(20))) && System.nanoTime() < deadline) {
                long now = System.nanoTime();
                cpu = loopCpuNanos(mode) - cpuAtStop;
                window = now - start;
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            long delivered = delivery.get(10, TimeUnit.SECONDS);

            assertThat(delivered).as("bytes the reading client received").isEqualTo(OWED);
            assertThat(ended)
                    .as("the loop ended within the drain limit of %s", Drain.DRAIN_LIMIT)
                    .isTrue();
            assertThat(server.failure()).as("the loop ended on its own").isNull();
            assertThat(server.openChannels()).as("channels open after the stop").isZero();
            assertThat(server.peersAbandoned()).as("peers given up on").isEqualTo(1);
            assertThat(server.bytesAbandoned()).as("bytes given up on").isPositive();
            assertThat(SignalStop.report(server, ended, took))
                    .contains("gave up on")
                    .contains("owed to 1 peer that stopped reading");
            // the stop waited STALL_LIMIT for the stalled peer: a spinning loop would burn most of that on a core
            assertThat(window).as("the stop waited for the stalled peer").isPositive();
            assertThat(cpu)
                    .as("loop CPU time while stopping (%.0f ms over %.0f ms)", cpu / 1e6, window / 1e6)
                    .isLessThan(window / 5);
        }
    }
    // end::never-reader[]

    /** CPU time of the loop's thread so far (its name is the mode's label + "-loop"). */
    static long loopCpuNanos(Mode mode) {
        String name = mode.label() + "-loop";
        var threads = ManagementFactory.getThreadMXBean();
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(name))
                .mapToLong(t -> Math.max(0, threads.getThreadCpuTime(t.threadId())))
                .sum();
    }
}
