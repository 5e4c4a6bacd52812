package dev.socketfaq.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.socketfaq.select.fixed.WakeupLoop;
import dev.socketfaq.testkit.HostileClients;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * One selector loop, one thread, many clients: a hostile one must not stop it. Bad request lengths and truncated
 * requests close that connection; a client that stalls, or asks for 64 MiB and never reads, does not hold up the
 * loop, because nothing in it blocks, and it loses its connection once it has been silent for the idle limit.
 */
class HostileInputProperties {
    /**
     * The loop's idle limit here: short, so that the examples do not wait out the 10 s of a real server
     * ({@link SelectorLoop#IDLE_LIMIT}), and long enough that a good client is never idle between its connect and
     * its request, even on a loaded machine.
     */
    static final Duration IDLE = Duration.ofMillis(500);
    /**
     * A silent client is closed within this: the idle limit, plus room for a loaded 2-core machine to schedule the
     * loop (a bound, not a latency claim; without an idle limit the connection would stay open for ever).
     */
    static final Duration CLOSE_BOUND = IDLE.plusSeconds(5);
    static WakeupLoop server;

    @BeforeContainer
    static void start() throws IOException {
        server = new WakeupLoop(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), IDLE);
    }

    @AfterContainer
    static void stop() throws InterruptedException {
        server.requestStop();
        assertThat(server.awaitTermination(Duration.ofSeconds(5))).isTrue();
        assertThat(server.failure()).as("the loop never died").isNull();
    }

    @Property(tries = 150)
    void a_bad_request_closes_only_its_own_connection(@ForAll("bad") byte[] request) throws IOException {
        var reply = HostileClients.send(server.address(), request, Duration.ofSeconds(2));
        assertThat(reply.closedByServer()).as("the loop closed the connection").isTrue();
        assertThat(reply.received()).as("bytes sent for a bad request").isEmpty();
        assertGoodClientServed();
    }

    @Provide
    Arbitrary<byte[]> bad() {
        Arbitrary<byte[]> badLength = Arbitraries.oneOf(Arbitraries.integers().lessOrEqual(-1), Arbitraries.integers().greaterOrEqual(SelectorLoop.MAX_REQUEST + 1))
                .map(n -> ByteBuffer.allocate(4).putInt(n).array());
        Arbitrary<byte[]> truncated = Arbitraries.bytes().array(byte[].class).ofMaxSize(3);
        return Arbitraries.oneOf(badLength, truncated);
    }

    @Example
    void a_slow_loris_does_not_hold_up_the_loop_and_is_closed_once_idle() throws IOException {
        long start = System.nanoTime(); // before its one byte: the loop's idle clock cannot start earlier
        try (var stalled = HostileClients.slowLoris(server.address(), (byte) 0)) {
            assertGoodClientServed();
            assertClosedByIdleLimit(stalled, start);
        }
    }

    @Example
    void a_silent_client_does_not_hold_up_the_loop_and_is_closed_once_idle() throws IOException {
        long start = System.nanoTime(); // before the connect: the loop's idle clock starts at the accept
        try (var silent = new Socket()) {
            silent.connect(server.address(), 2_000);
            assertGoodClientServed();
            assertClosedByIdleLimit(silent, start);
        }
    }

    @Example
    void a_client_that_never_reads_does_not_hold_up_the_loop() throws IOException {
        byte[] greedy = ByteBuffer.allocate(4).putInt(SelectorLoop.MAX_REQUEST).array();
        try (var neverReads = HostileClients.neverReads(server.address(), greedy, Duration.ofSeconds(1))) {
            assertGoodClientServed();
        }
    }

    @Example
    void a_client_that_asks_and_never_reads_is_closed_once_idle() throws IOException {
        int idleClosedBefore = server.peersIdleClosed();
        long start = System.nanoTime(); // before its request: the loop's last write to it comes later
        try (var neverReads = SocketChannel.open(server.address())) {
            neverReads.write(ByteBuffer.allocate(4).putInt(SelectorLoop.MAX_REQUEST).flip());
            assertGoodClientServed();
            // it must not read to find out (reading would make it a client that reads): the loop says when it closed it
            await().atMost(CLOSE_BOUND).pollInterval(Duration.ofMillis(10))
                    .until(() -> server.peersIdleClosed() == idleClosedBefore + 1);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).as("closed by the idle limit of %s, within %s", IDLE, CLOSE_BOUND).isBetween(IDLE, CLOSE_BOUND);
            assertThat(drainedToTheEnd(neverReads)).as("the client sees its connection closed").isTrue();
        }
    }

    /** The loop closed {@code socket} because it was silent: not before the idle limit, and within the bound. */
    static void assertClosedByIdleLimit(Socket socket, long silentSince) throws IOException {
        socket.setSoTimeout((int) CLOSE_BOUND.toMillis());
        try {
            assertThat(socket.getInputStream().read()).as("end of stream: the loop closed the connection").isEqualTo(-1);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection was still open " + CLOSE_BOUND.toMillis() + " ms after it went silent", e);
        } catch (SocketException e) {
            // reset: closed too
        }
        Duration took = Duration.ofNanos(System.nanoTime() - silentSince);
        assertThat(took).as("closed by the idle limit of %s, within %s", IDLE, CLOSE_BOUND).isBetween(IDLE, CLOSE_BOUND);
    }

    /** Reads what the loop had sent before it closed, to the end of the stream (or a reset); false if it stays open. */
    static boolean drainedToTheEnd(SocketChannel channel) throws IOException {
        channel.configureBlocking(true);
        Socket socket = channel.socket();
        socket.setSoTimeout((int) CLOSE_BOUND.toMillis());
        byte[] buffer = new byte[64 * 1024];
        try {
            while (socket.getInputStream().read(buffer) >= 0) {
                // what the loop wrote before it gave up on this peer: not what is being checked
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset
        }
    }

    static void assertGoodClientServed() throws IOException {
        try (var good = OwedClient.request(server.address(), 1000)) {
            good.readExactly(1000);
        }
        assertThat(server.failure()).isNull();
    }
}
