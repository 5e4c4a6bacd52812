package dev.socketfaq.select;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.select.fixed.WakeupLoop;
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
 * One selector loop, one thread, many clients: a hostile one must not stop it. Bad request lengths and truncated
 * requests close that connection; a client that stalls, or asks for 64 MiB and never reads, does not hold up the
 * loop, because nothing in it blocks.
 */
class HostileInputProperties {
    static WakeupLoop server;

    @BeforeContainer
    static void start() throws IOException {
        server = new WakeupLoop(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
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
    void a_slow_loris_does_not_hold_up_the_loop() throws IOException {
        try (var stalled = HostileClients.slowLoris(server.address(), (byte) 0)) {
            assertGoodClientServed();
        }
    }

    @Example
    void a_client_that_never_reads_does_not_hold_up_the_loop() throws IOException {
        byte[] greedy = ByteBuffer.allocate(4).putInt(SelectorLoop.MAX_REQUEST).array();
        try (var neverReads = HostileClients.neverReads(server.address(), greedy, Duration.ofSeconds(1))) {
            assertGoodClientServed();
        }
    }

    static void assertGoodClientServed() throws IOException {
        try (var good = OwedClient.request(server.address(), 1000)) {
            good.readExactly(1000);
        }
        assertThat(server.failure()).isNull();
    }
}
