package dev.socketfaq.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A client that connects and sends garbage or nothing must not hold up the stop. At the stop, next to a
 * client that reads its reply, three bad clients are connected: one silent, one that sent half a request, one that
 * sent the start of a garbage request and keeps sending garbage through the stop. None is owed anything, so the
 * loop closes them as it begins to stop, and the stop takes what the good client's reply takes: far less than the
 * stall limit, which a loop waiting on any of them would spend at least. (NeverReaderStopTest has the client that
 * is owed bytes and never reads.)
 */
@Timeout(60)
class BadClientsAtStopTest {
    static final int OWED = 1024 * 1024; // more than the socket buffers hold: the reply is in flight at the stop
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @ParameterizedTest(name = "{0}")
    @EnumSource(
            value = Mode.class,
            names = {"WAKEUP", "SELF_PIPE"})
    void silent_half_request_and_garbage_clients_do_not_hold_up_the_stop(Mode mode) throws Exception {
        try (StoppableServer server = mode.create(new InetSocketAddress(LOOPBACK, 0));
                var silent = new Socket();
                var halfRequest = new Socket();
                var garbage = new Socket()) {
            int idleChannels = server.openChannels(); // the listener, the selector (and the self-pipe's two ends)
            for (Socket s : new Socket[] {silent, halfRequest, garbage}) {
                s.connect(server.address(), 3_000);
                s.setSoTimeout(15_000); // a bound against hanging, not a latency claim
            }
            halfRequest.getOutputStream().write(new byte[] {0, 0}); // 2 of a count's 4 bytes
            garbage.getOutputStream().write(new byte[] {(byte) 0xDE, (byte) 0xAD, (byte) 0xBE}); // 0xDEADBE..: negative
            try (var reader = OwedClient.request(server.address(), OWED)) {
                // the bad clients' bytes arrived before the good client connected; that does not matter to what is
                // asserted: read or not, a connection owed nothing is closed when the stop begins
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> server.openChannels() == idleChannels + 4
                                && server.bytesOwed() == OWED
                                && server.bytesWritten() > 0);

                var stopIssued = new CountDownLatch(1);
                var delivery = CompletableFuture.supplyAsync(
                        () -> { // the reading thread is started before the clock
                            awaitUninterruptibly(stopIssued);
                            return reader.readUntilClosed();
                        });
                long start = System.nanoTime();
                server.requestStop();
                stopIssued.countDown();
                keepSendingGarbage(garbage.getOutputStream()); // readable all through the stop: not read, not waited on
                boolean ended = server.awaitTermination(Drain.DRAIN_LIMIT.plusSeconds(1));
                Duration took = Duration.ofNanos(System.nanoTime() - start);

                assertThat(delivery.get(10, TimeUnit.SECONDS))
                        .as("bytes the reading client received")
                        .isEqualTo(OWED);
                assertThat(ended).as("the loop ended").isTrue();
                assertThat(server.failure()).as("the loop ended on its own").isNull();
                assertThat(server.openChannels())
                        .as("channels open after the stop")
                        .isZero();
                assertThat(server.peersAbandoned())
                        .as("peers given up on (none was owed anything)")
                        .isZero();
                assertThat(took)
                        .as("stop time, against the stall limit of %s", Drain.STALL_LIMIT)
                        .isLessThan(Drain.STALL_LIMIT.dividedBy(2));
                for (Socket bad : new Socket[] {silent, halfRequest, garbage}) {
                    assertThat(InterruptCollateralTest.endOfStream(bad))
                            .as("the bad client's connection is closed")
                            .isTrue();
                }
            }
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The fourth byte of the garbage request, then 4 KiB more: far less than socket buffers hold, so it cannot block. */
    private static void keepSendingGarbage(OutputStream out) {
        byte[] more = new byte[4 * 1024];
        Arrays.fill(more, (byte) 0xFF);
        more[0] = (byte) 0xEF;
        try {
            out.write(more);
        } catch (IOException e) {
            // the loop has closed the connection already: that is what it should do
        }
    }
}
