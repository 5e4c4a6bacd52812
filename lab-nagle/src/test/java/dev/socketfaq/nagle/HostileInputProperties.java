package dev.socketfaq.nagle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.kit.Frames;
import dev.socketfaq.testkit.EscapedExceptions;
import dev.socketfaq.testkit.HostileClients;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
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
 * The demo server against hostile clients: random bytes, truncated frames, negative and oversized lengths, a client
 * that stalls after one byte, a client that never reads. The promise: the bad client gets its connection closed,
 * no exception escapes a server thread, and the next good client is served at once.
 */
class HostileInputProperties {
    static ReplyServer server;
    static EscapedExceptions escaped;

    @BeforeContainer
    static void start() throws IOException {
        escaped = EscapedExceptions.record();
        server = ReplyServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), line -> {});
    }

    @AfterContainer
    static void stop() throws IOException {
        server.close();
        escaped.close();
    }

    @Property(tries = 150)
    void a_hostile_client_loses_only_its_own_connection(@ForAll("hostile") byte[] bytes) throws IOException {
        var reply = HostileClients.send(server.address(), bytes, Duration.ofSeconds(2));
        assertThat(reply.closedByServer()).as("the server ended the connection").isTrue();
        assertGoodClientServed();
        assertThat(escaped.escaped())
                .as("exceptions that escaped server threads")
                .isEmpty();
    }

    @Provide
    Arbitrary<byte[]> hostile() {
        Arbitrary<byte[]> garbage = Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
        Arbitrary<byte[]> badLength = Arbitraries.oneOf(
                        Arbitraries.integers().lessOrEqual(-1),
                        Arbitraries.integers().greaterOrEqual(Frames.MAX_BODY + 1))
                .map(n -> ByteBuffer.allocate(4).putInt(n).array());
        Arbitrary<byte[]> truncated = Arbitraries.integers()
                .between(1, 500)
                .flatMap(n -> Arbitraries.integers()
                        .between(0, n - 1)
                        .map(sent -> ByteBuffer.allocate(4 + sent).putInt(n).array()));
        return Arbitraries.oneOf(garbage, badLength, truncated);
    }

    @Example
    void a_slow_loris_does_not_hold_up_other_clients() throws IOException {
        try (var stalled = HostileClients.slowLoris(server.address(), (byte) 0)) {
            assertGoodClientServed();
        }
    }

    @Example
    void a_client_that_never_reads_does_not_hold_up_other_clients() throws IOException {
        byte[] request = Frames.frame(new byte[Frames.MAX_BODY]).array();
        try (var neverReads = HostileClients.neverReads(server.address(), request, Duration.ofSeconds(5))) {
            assertGoodClientServed();
        }
    }

    static void assertGoodClientServed() throws IOException {
        try (RequestClient good = Mode.FIXED.create(server.address())) {
            assertThat(good.call(RoundTrips.REQUEST)).isEqualTo(RoundTrips.REQUEST);
        }
    }
}
