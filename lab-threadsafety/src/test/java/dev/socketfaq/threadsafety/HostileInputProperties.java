package dev.socketfaq.threadsafety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.socketfaq.kit.Frames;
import dev.socketfaq.testkit.EscapedExceptions;
import dev.socketfaq.testkit.HostileClients;
import dev.socketfaq.threadsafety.stream.Messages;
import dev.socketfaq.threadsafety.stream.TallyServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The message reader and the tally server against hostile bytes: the reader counts garbage as corrupt and never
 * throws; the server reports the bad connection and goes on counting for everyone else.
 */
class HostileInputProperties {
    static TallyServer server;
    static final List<String> reports = new CopyOnWriteArrayList<>();
    static EscapedExceptions escaped;

    @BeforeContainer
    static void start() throws IOException {
        escaped = EscapedExceptions.record();
        server = TallyServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), reports::add);
    }

    @AfterContainer
    static void stop() throws IOException {
        server.close();
        escaped.close();
    }

    @Property(tries = 300)
    void the_reader_counts_garbage_and_never_throws(@ForAll @Size(max = 2000) byte[] garbage) {
        Messages.Tally t = Messages.read(new ByteArrayInputStream(garbage));
        assertThat(t.intact() + t.corrupt()).isLessThanOrEqualTo(garbage.length / Frames.HEADER_BYTES + 1);
        if (t.corrupt() > 0) assertThat(t.firstCorruption()).isNotBlank();
    }

    @Property(tries = 100)
    void a_hostile_client_loses_only_its_own_connection(@ForAll("hostile") byte[] bytes) throws IOException {
        var reply = HostileClients.send(server.address(), bytes, Duration.ofSeconds(2));
        assertThat(reply.closedByServer()).as("the server ended the connection").isTrue();
        assertGoodClientCounted();
    }

    @Provide
    Arbitrary<byte[]> hostile() {
        Arbitrary<byte[]> garbage = Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
        Arbitrary<byte[]> badLength = Arbitraries.oneOf(
                        Arbitraries.integers().lessOrEqual(-1),
                        Arbitraries.integers().greaterOrEqual(Frames.MAX_BODY + 1))
                .map(n -> ByteBuffer.allocate(4).putInt(n).array());
        return Arbitraries.oneOf(garbage, badLength);
    }

    @Example
    void a_slow_loris_does_not_hold_up_other_clients() throws IOException {
        try (var stalled = HostileClients.slowLoris(server.address(), (byte) 0)) {
            assertGoodClientCounted();
        }
    }

    /** A good client sends two whole messages; the server's report for exactly that connection counts them. */
    static void assertGoodClientCounted() throws IOException {
        String me;
        try (var good =
                new Socket(server.address().getAddress(), server.address().getPort())) {
            me = good.getLocalSocketAddress().toString();
            for (int n = 0; n < 2; n++) {
                for (byte[] part :
                        List.of(Messages.parts(0, n).stream().reduce(new byte[0], HostileInputProperties::concat))) {
                    good.getOutputStream().write(Frames.frame(part).array());
                }
            }
        }
        await().atMost(Duration.ofSeconds(5))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(2))
                .until(() -> reports.contains(me + ": intact 2, corrupt 0"));
        assertThat(escaped.escaped())
                .as("exceptions that escaped server threads")
                .isEmpty();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
