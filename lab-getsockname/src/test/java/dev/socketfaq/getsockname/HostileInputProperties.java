package dev.socketfaq.getsockname;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.testkit.EscapedExceptions;
import dev.socketfaq.testkit.HostileClients;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** The callback server against hostile clients: the bad one loses its connection, the next one is served. */
class HostileInputProperties {
    static CallbackServer server;
    static EscapedExceptions escaped;

    @BeforeContainer
    static void start() throws IOException {
        escaped = EscapedExceptions.record();
        server = CallbackServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Advertise.ACCEPTED, false, line -> {});
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
        String text = new String(reply.received(), StandardCharsets.US_ASCII);
        assertThat(text.lines()).allMatch(l -> l.startsWith("CALLBACK ") || l.equals("PONG") || l.startsWith("ERR "));
        assertGoodClientServed();
    }

    @Provide
    Arbitrary<byte[]> hostile() {
        Arbitrary<byte[]> garbage = Arbitraries.bytes().array(byte[].class).ofMaxSize(1000);
        Arbitrary<byte[]> lines = Arbitraries.of("HELLO", "HELLO accepted", "HELLO listening extra", "PING", "QUIT", "HELLO \u00e9", "")
                .list().ofMaxSize(5).flatMap(ls -> Arbitraries.strings().ofMaxLength(300).map(tail -> (String.join("\n", ls) + "\n" + tail).getBytes(StandardCharsets.UTF_8)));
        return Arbitraries.oneOf(garbage, lines);
    }

    @Example
    void a_slow_loris_does_not_hold_up_other_clients() throws IOException {
        try (var stalled = HostileClients.slowLoris(server.address(), (byte) 'H')) {
            assertGoodClientServed();
        }
    }

    @Example
    void a_client_that_never_reads_does_not_hold_up_other_clients() throws IOException {
        byte[] pings = "PING\n".repeat(20_000).getBytes(StandardCharsets.US_ASCII);
        try (var neverReads = HostileClients.neverReads(server.address(), pings, Duration.ofSeconds(5))) {
            assertGoodClientServed();
        }
    }

    static void assertGoodClientServed() throws IOException {
        assertThat(CallbackClient.call(server.address(), Advertise.ACCEPTED).calledBack()).isTrue();
        assertThat(escaped.escaped()).as("exceptions that escaped server threads").isEmpty();
    }
}
