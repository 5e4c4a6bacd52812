package dev.socketfaq.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.socketfaq.testkit.EscapedExceptions;
import dev.socketfaq.testkit.HostileClients;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Every server {@code ./lab select server --mode X} can run, one per {@link Mode}, against hostile clients:
 * random bytes, truncated requests, negative and oversized lengths (after good requests or alone), a slow loris, a
 * silent client, and clients that never read. Each hostile client goes to every server. The promise, for each: the
 * bad client loses its connection (a bad request at once, a silent one after the idle limit; but see the interrupting
 * server below), no exception escapes a server thread, what the server held for the bad client is released (memory
 * stays bounded: a length is checked before anything is owed, and a connection holds a fixed 4-byte request buffer
 * and a 64 KiB chunk), and the next good client is served within {@link #SERVED_WITHIN}.
 *
 * <p>The four selector loops (close, polling, wakeup, self-pipe) never block, and close a connection silent for
 * their idle limit. The interrupting server has <em>no idle limit</em>: it gives each connection a thread that
 * blocks in read() or write(), so a silent client, a slow loris or a client that never reads keeps its thread and
 * its connection until it goes away itself (or the stop interrupts it); the examples check that it is still
 * connected when the selector loops have closed theirs. A client that resets its connection there ends its own
 * thread and is not the server's failure ({@link InterruptClientFailureTest}).
 */
class HostileInputProperties {
    /**
     * The selector loops' idle limit here: short, so that the examples do not wait out the 10 s of a real server
     * ({@link IdleLimit#DEFAULT}), and long enough that a good client is never idle between its connect and
     * its request, even on a loaded machine.
     */
    static final Duration IDLE = Duration.ofMillis(500);
    /**
     * A silent client is closed within this: the idle limit, plus room for a loaded 2-core machine to schedule the
     * loop (a bound, not a latency claim; without an idle limit the connection would stay open for ever).
     */
    static final Duration CLOSE_BOUND = IDLE.plusSeconds(5);
    /**
     * A good client (connect, ask for 1000 bytes, read them) is served within this, while a hostile one is connected
     * or has just left. No server here makes it wait for a bad client: the selector loops never block, the
     * interrupting server gives it a thread of its own; on loopback it is served in about a millisecond. The bound
     * is room for a loaded machine, not a latency claim:
     * what it catches is a server that no longer serves, or that serves only once its bad client has gone.
     */
    static final Duration SERVED_WITHIN = Duration.ofSeconds(2);
    /** How long a server may take to release a bad client's connection once the client has seen it end. */
    static final Duration RELEASE_BOUND = Duration.ofSeconds(5);

    static final Map<Mode, StoppableServer> servers = new EnumMap<>(Mode.class);
    /** Channels each server has open with no client connected: what it must come back to after every bad client. */
    static final Map<Mode, Integer> baseline = new EnumMap<>(Mode.class);

    static EscapedExceptions escaped;

    @BeforeContainer
    static void start() throws IOException {
        escaped = EscapedExceptions.record();
        for (Mode m : Mode.values()) {
            var server = m.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), IDLE);
            servers.put(m, server);
            baseline.put(m, server.openChannels());
        }
    }

    @AfterContainer
    static void stop() throws InterruptedException {
        try {
            for (var e : servers.entrySet()) {
                assertThat(e.getValue().failure())
                        .as(
                                "%s: the server's failure before its stop",
                                e.getKey().label())
                        .isNull();
            }
            for (var e : servers.entrySet()) {
                Mode m = e.getKey();
                StoppableServer server = e.getValue();
                server.requestStop();
                assertThat(server.awaitTermination(Drain.DRAIN_LIMIT.plusSeconds(1)))
                        .as("%s: ended", m.label())
                        .isTrue();
                // the broken modes die of their own stop, as the contract declares; never of what a client did
                if (StopContractTest.DIES_OF.containsKey(m)) {
                    assertThat(server.failure())
                            .as("%s: what the stop did", m.label())
                            .isInstanceOf(StopContractTest.DIES_OF.get(m));
                } else {
                    assertThat(server.failure())
                            .as("%s: ended on its own", m.label())
                            .isNull();
                }
            }
            assertThat(escaped.escaped())
                    .as("exceptions that escaped server threads")
                    .isEmpty();
        } finally {
            servers.values().forEach(StoppableServer::close);
            servers.clear();
            escaped.close();
        }
    }

    @Property(tries = 150)
    void a_hostile_client_loses_only_its_own_connection(@ForAll("hostile") byte[] bytes) throws IOException {
        long owed = owedFor(bytes);
        for (var e : servers.entrySet()) {
            String m = e.getKey().label();
            var reply = HostileClients.send(e.getValue().address(), bytes, Duration.ofSeconds(2));
            assertThat((long) reply.received().length)
                    .as("%s: bytes sent back, at most what the good requests in front asked for", m)
                    .isLessThanOrEqualTo(owed);
            if (owed < HostileClients.MAX_REPLY) {
                assertThat(reply.closedByServer())
                        .as("%s: the server ended the connection", m)
                        .isTrue();
            } else {
                // the good requests in front asked for more than the client reads: it stops reading and closes
                assertThat(reply.closedByServer() || reply.received().length >= HostileClients.MAX_REPLY)
                        .as("%s: closed by the server, or the client had all it reads", m)
                        .isTrue();
            }
            assertReleased(e.getKey());
            assertGoodClientServed(e.getKey());
        }
    }

    @Provide
    Arbitrary<byte[]> hostile() {
        Arbitrary<byte[]> garbage = Arbitraries.bytes().array(byte[].class).ofMaxSize(1000);
        // good requests: small ones, and up to the largest a server takes (more than the client reads)
        Arbitrary<Integer> goodLength = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, StoppableServer.MAX_REQUEST));
        Arbitrary<Integer> badLength = Arbitraries.oneOf(
                Arbitraries.integers().lessOrEqual(-1),
                Arbitraries.integers().greaterOrEqual(StoppableServer.MAX_REQUEST + 1));
        Arbitrary<List<Integer>> inFront = goodLength.list().ofMaxSize(3);
        Arbitrary<byte[]> thenBadLength = Combinators.combine(
                        inFront,
                        badLength,
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(8))
                .as((good, bad, tail) -> concat(requests(good), requests(List.of(bad)), tail));
        Arbitrary<byte[]> thenTruncated = Combinators.combine(
                        inFront, Arbitraries.integers(), Arbitraries.integers().between(1, 3))
                .as((good, next, kept) -> concat(requests(good), Arrays.copyOf(requests(List.of(next)), kept)));
        return Arbitraries.oneOf(garbage, thenBadLength, thenTruncated);
    }

    /** The bytes a server owes for {@code bytes}: the sum of the good 4-byte requests before a bad one or the end. */
    static long owedFor(byte[] bytes) {
        var b = ByteBuffer.wrap(bytes);
        long owed = 0;
        while (b.remaining() >= Integer.BYTES) {
            int n = b.getInt();
            if (n < 0 || n > StoppableServer.MAX_REQUEST) break;
            owed += n;
        }
        return owed;
    }

    static byte[] requests(List<Integer> counts) {
        var b = ByteBuffer.allocate(Integer.BYTES * counts.size());
        counts.forEach(b::putInt);
        return b.array();
    }

    static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    @Example
    void a_negative_or_oversized_request_closes_that_connection_and_the_server_keeps_serving() throws IOException {
        for (var e : servers.entrySet()) {
            for (int bad : new int[] {-1, StoppableServer.MAX_REQUEST + 1}) {
                try (var socket = new Socket()) {
                    socket.connect(e.getValue().address(), 2_000);
                    socket.setSoTimeout((int) CLOSE_BOUND.toMillis()); // a bound against hanging, not a latency claim
                    new DataOutputStream(socket.getOutputStream()).writeInt(bad);
                    assertThat(socket.getInputStream().read())
                            .as("%s, request %d: connection closed", e.getKey().label(), bad)
                            .isEqualTo(-1);
                }
            }
            assertGoodClientServed(e.getKey());
            assertReleased(e.getKey());
        }
    }

    @Example
    void a_slow_loris_does_not_hold_up_a_server_and_a_selector_loop_closes_it_once_idle() throws IOException {
        var stalled = new EnumMap<Mode, Socket>(Mode.class);
        var since = new EnumMap<Mode, Long>(Mode.class);
        try {
            for (var e : servers.entrySet()) {
                since.put(
                        e.getKey(),
                        System.nanoTime()); // before its one byte: the loop's idle clock cannot start earlier
                stalled.put(e.getKey(), HostileClients.slowLoris(e.getValue().address(), (byte) 0));
            }
            servers.keySet().forEach(HostileInputProperties::assertGoodClientServed);
            assertClosedOnceIdleExceptByTheInterruptingServer(stalled, since);
        } finally {
            closeAll(stalled.values());
        }
        servers.keySet().forEach(HostileInputProperties::assertReleased);
    }

    @Example
    void a_silent_client_does_not_hold_up_a_server_and_a_selector_loop_closes_it_once_idle() throws IOException {
        var silent = new EnumMap<Mode, Socket>(Mode.class);
        var since = new EnumMap<Mode, Long>(Mode.class);
        try {
            for (var e : servers.entrySet()) {
                since.put(
                        e.getKey(),
                        System.nanoTime()); // before the connect: the loop's idle clock starts at the accept
                var socket = new Socket();
                silent.put(e.getKey(), socket);
                socket.connect(e.getValue().address(), 2_000);
            }
            servers.keySet().forEach(HostileInputProperties::assertGoodClientServed);
            assertClosedOnceIdleExceptByTheInterruptingServer(silent, since);
        } finally {
            closeAll(silent.values());
        }
        servers.keySet().forEach(HostileInputProperties::assertReleased);
    }

    @Example
    void a_client_that_never_reads_does_not_hold_up_a_server() throws Exception {
        byte[] greedy =
                ByteBuffer.allocate(4).putInt(StoppableServer.MAX_REQUEST).array();
        var neverReads = new EnumMap<Mode, Future<SocketChannel>>(Mode.class);
        // one never-reader per server, all at once: each asks for 64 MiB again and again and reads nothing, for half
        // a second (a selector loop reads on and owes more, without allocating any of it) or until the server stops
        // reading (the interrupting server's thread, blocked in its write)
        try (var clients = Executors.newFixedThreadPool(
                servers.size(), Thread.ofPlatform().name("never-reader-", 0).factory())) {
            try {
                servers.forEach((m, server) -> neverReads.put(
                        m,
                        clients.submit(
                                () -> HostileClients.neverReads(server.address(), greedy, Duration.ofMillis(500)))));
                for (var e : neverReads.entrySet()) {
                    e.getValue().get(10, TimeUnit.SECONDS); // connected and done sending: patience is half a second
                    assertGoodClientServed(e.getKey());
                }
            } finally {
                for (var f : neverReads.values()) {
                    try {
                        f.get(10, TimeUnit.SECONDS).close();
                    } catch (Exception ignored) {
                        // it failed to connect (already reported), or closing failed: nothing more to release
                    }
                }
            }
        }
        servers.keySet().forEach(HostileInputProperties::assertReleased);
    }

    @Example
    void a_client_that_asks_and_never_reads_is_closed_once_idle_by_a_selector_loop() throws IOException {
        var neverReads = new EnumMap<Mode, SocketChannel>(Mode.class);
        var since = new EnumMap<Mode, Long>(Mode.class);
        var idleClosedBefore = new EnumMap<Mode, Integer>(Mode.class);
        try {
            for (var e : servers.entrySet()) {
                if (e.getValue() instanceof SelectorServer loop)
                    idleClosedBefore.put(e.getKey(), loop.peersIdleClosed());
                since.put(e.getKey(), System.nanoTime()); // before its request: the loop's last write to it comes later
                var channel = SocketChannel.open(e.getValue().address());
                neverReads.put(e.getKey(), channel);
                channel.write(ByteBuffer.allocate(4)
                        .putInt(StoppableServer.MAX_REQUEST)
                        .flip());
            }
            servers.keySet().forEach(HostileInputProperties::assertGoodClientServed);
            for (var e : servers.entrySet()) {
                if (!(e.getValue() instanceof SelectorServer loop)) continue;
                // it must not read to find out (reading would make it a client that reads): the loop says when it
                // closed it
                int before = idleClosedBefore.get(e.getKey());
                await().atMost(CLOSE_BOUND)
                        .pollInterval(Duration.ofMillis(10))
                        .until(() -> loop.peersIdleClosed() == before + 1);
                Duration took = Duration.ofNanos(System.nanoTime() - since.get(e.getKey()));
                assertThat(took)
                        .as(
                                "%s: closed by the idle limit of %s, within %s",
                                e.getKey().label(), IDLE, CLOSE_BOUND)
                        .isBetween(IDLE, CLOSE_BOUND);
                assertThat(drainedToTheEnd(neverReads.get(e.getKey())))
                        .as(
                                "%s: the client sees its connection closed",
                                e.getKey().label())
                        .isTrue();
            }
            // no idle limit: the interrupting server's thread is still blocked in its write to this client (the
            // good client's thread ends on its own once it reads the end of that client's stream)
            awaitOpenChannels(
                    Mode.INTERRUPT, baseline.get(Mode.INTERRUPT) + 1, "channels open, the never-reader's among them");
        } finally {
            closeAll(neverReads.values());
        }
        servers.keySet().forEach(HostileInputProperties::assertReleased);
    }

    /**
     * Each selector loop closed its bad client's connection once it was silent for the idle limit, not before and
     * within the bound; the interrupting server, which has no idle limit, has not closed its own.
     */
    static void assertClosedOnceIdleExceptByTheInterruptingServer(Map<Mode, Socket> bad, Map<Mode, Long> since)
            throws IOException {
        for (var e : bad.entrySet()) {
            if (e.getKey() != Mode.INTERRUPT) assertClosedByIdleLimit(e.getKey(), e.getValue(), since.get(e.getKey()));
        }
        // checked after the loops closed theirs, so at least the idle limit after it connected
        assertThat(stillOpen(bad.get(Mode.INTERRUPT)))
                .as("interrupt: no idle limit, the bad client is still connected")
                .isTrue();
    }

    /** The loop closed {@code socket} because it was silent: not before the idle limit, and within the bound. */
    static void assertClosedByIdleLimit(Mode m, Socket socket, long silentSince) throws IOException {
        socket.setSoTimeout((int) CLOSE_BOUND.toMillis());
        try {
            assertThat(socket.getInputStream().read())
                    .as("%s: end of stream: the loop closed the connection", m.label())
                    .isEqualTo(-1);
        } catch (SocketTimeoutException e) {
            throw new AssertionError(
                    m.label() + ": the connection was still open " + CLOSE_BOUND.toMillis()
                            + " ms after it went silent",
                    e);
        } catch (SocketException e) {
            // reset: closed too
        }
        Duration took = Duration.ofNanos(System.nanoTime() - silentSince);
        assertThat(took)
                .as("%s: closed by the idle limit of %s, within %s", m.label(), IDLE, CLOSE_BOUND)
                .isBetween(IDLE, CLOSE_BOUND);
    }

    /** True if nothing arrives and the connection has not ended: a read times out at once instead of seeing an end. */
    static boolean stillOpen(Socket socket) throws IOException {
        socket.setSoTimeout(1);
        try {
            return socket.getInputStream().read() >= 0; // a byte: open (the protocol sends none unasked)
        } catch (SocketTimeoutException e) {
            return true;
        } catch (SocketException e) {
            return false; // reset
        }
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

    /**
     * The server let go of the bad client's connection (the interrupting server: the connection's thread has ended
     * too, it removes the channel last): it holds only what it holds with no one connected.
     */
    static void assertReleased(Mode m) {
        awaitOpenChannels(m, baseline.get(m), "channels open once the bad client has gone");
    }

    /** Waits until server {@code m} has {@code n} channels open; fails after {@link #RELEASE_BOUND}. */
    static void awaitOpenChannels(Mode m, int n, String what) {
        StoppableServer server = servers.get(m);
        await(m.label() + ": " + what)
                .pollInSameThread()
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(2))
                .atMost(RELEASE_BOUND)
                .until(server::openChannels, open -> open == n);
    }

    static void assertGoodClientServed(Mode m) {
        StoppableServer server = servers.get(m);
        long start = System.nanoTime();
        try (var good = OwedClient.request(server.address(), 1000)) {
            good.readExactly(1000);
        } catch (IOException e) {
            throw new AssertionError(m.label() + ": a good client was not served: " + e, e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took)
                .as("%s: a good client served within %s", m.label(), SERVED_WITHIN)
                .isLessThan(SERVED_WITHIN);
        assertThat(server.failure()).as("%s: the server's failure", m.label()).isNull();
        assertThat(escaped.escaped())
                .as("exceptions that escaped server threads")
                .isEmpty();
    }

    static void closeAll(Iterable<? extends AutoCloseable> all) {
        for (AutoCloseable c : all) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing a test client: nothing more to check
            }
        }
    }
}
