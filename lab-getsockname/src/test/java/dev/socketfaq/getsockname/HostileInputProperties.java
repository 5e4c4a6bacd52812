package dev.socketfaq.getsockname;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketfaq.kit.Connect;
import dev.socketfaq.kit.Lines;
import dev.socketfaq.testkit.EscapedExceptions;
import dev.socketfaq.testkit.HostileClients;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The callback server against hostile clients, once per mode, broken and fixed: a server runs with each as its
 * own (the one a bare {@code HELLO} gets), and every hostile client is sent to each of them. The bad client loses
 * its connection, no exception escapes a server thread, and the next client is served: answered under the server's
 * own mode, and called back under the fix.
 */
class HostileInputProperties {
    static final Map<Mode, CallbackServer> servers = new EnumMap<>(Mode.class);
    static EscapedExceptions escaped;

    @BeforeContainer
    static void start() throws IOException {
        escaped = EscapedExceptions.record();
        for (Mode mode : Mode.values()) {
            servers.put(
                    mode,
                    CallbackServer.start(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), mode, false, line -> {}));
        }
    }

    @AfterContainer
    static void stop() throws IOException {
        for (CallbackServer server : servers.values()) server.close();
        servers.clear();
        escaped.close();
    }

    @Property(tries = 150)
    void a_hostile_client_loses_only_its_own_connection(@ForAll("hostile") byte[] bytes) throws IOException {
        for (var server : servers.entrySet()) {
            var reply = HostileClients.send(server.getValue().address(), bytes, Duration.ofSeconds(2));
            assertThat(reply.closedByServer())
                    .as("the %s server ended the connection", server.getKey().label())
                    .isTrue();
            String text = new String(reply.received(), StandardCharsets.US_ASCII);
            assertThat(text.lines())
                    .as("what the %s server answered", server.getKey().label())
                    .allMatch(l -> l.startsWith("CALLBACK ") || l.equals("PONG") || l.startsWith("ERR "));
            assertGoodClientServed(server.getKey());
        }
    }

    @Provide
    Arbitrary<byte[]> hostile() {
        Arbitrary<byte[]> garbage = Arbitraries.bytes().array(byte[].class).ofMaxSize(1000);
        Arbitrary<byte[]> lines = Arbitraries.of(
                        "HELLO",
                        "HELLO accepted",
                        "HELLO listening",
                        "HELLO local-host",
                        "HELLO listening extra",
                        "PING",
                        "QUIT",
                        "HELLO \u00e9",
                        "")
                .list()
                .ofMaxSize(5)
                .flatMap(ls -> Arbitraries.strings()
                        .ofMaxLength(300)
                        .map(tail -> (String.join("\n", ls) + "\n" + tail).getBytes(StandardCharsets.UTF_8)));
        return Arbitraries.oneOf(garbage, lines);
    }

    @Example
    void a_slow_loris_does_not_hold_up_other_clients() throws IOException {
        for (var server : servers.entrySet()) {
            try (var stalled = HostileClients.slowLoris(server.getValue().address(), (byte) 'H')) {
                assertGoodClientServed(server.getKey());
            }
        }
    }

    @Example
    void a_client_that_never_reads_does_not_hold_up_other_clients() throws IOException {
        byte[] pings = "PING\n".repeat(20_000).getBytes(StandardCharsets.US_ASCII);
        for (var server : servers.entrySet()) {
            try (var neverReads =
                    HostileClients.neverReads(server.getValue().address(), pings, Duration.ofSeconds(5))) {
                assertGoodClientServed(server.getKey());
            }
        }
    }

    /**
     * The server whose own mode is {@code mode} still serves: a bare {@code HELLO} (which gets the server's
     * own mode) is answered with an address, or for local-host where the host name does not resolve with the
     * reason there is none; and a client that asks under the fix is called back.
     */
    static void assertGoodClientServed(Mode mode) throws IOException {
        var server = servers.get(mode).address();
        try (var socket = Connect.socket(server, Connect.Setup.NONE)) {
            Lines.write(socket.getOutputStream(), "HELLO");
            assertThat(Lines.read(socket.getInputStream(), CallbackServer.MAX_LINE))
                    .as("the %s server's answer to a bare HELLO", mode.label())
                    .matches("CALLBACK \\S+ \\d+|ERR cannot resolve this host's own name: .*");
        }
        var fixed = CallbackClient.call(server, Mode.ACCEPTED);
        assertThat(fixed.calledBack())
                .as("the %s server called back a good client under the fix: %s", mode.label(), fixed.problem())
                .isTrue();
        assertThat(escaped.escaped())
                .as("exceptions that escaped server threads")
                .isEmpty();
    }
}
