package dev.socketfaq.serverport;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import dev.socketfaq.serverport.fixed.BadEntryException;
import dev.socketfaq.serverport.fixed.RandomPortInDirectory;
import dev.socketfaq.testkit.EscapedExceptions;
import dev.socketfaq.testkit.HostileClients;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
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

/**
 * The time service and the firewall model against hostile clients: random bytes, over-long and binary lines, a
 * client that stalls after one byte, a client that never reads. The bad client loses its own connection, nothing
 * escapes a server thread, and the next good client is served at once. And the directory client against hostile
 * entries.
 */
class HostileInputProperties {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    static TimeServer server;
    static HttpOnlyFirewall firewall;
    static EscapedExceptions escaped;

    @BeforeContainer
    static void start() throws IOException {
        escaped = EscapedExceptions.record();
        var bound = new ServerSocket();
        bound.bind(new InetSocketAddress(LOOPBACK, 0));
        server = TimeServer.serve(bound, "a");
        firewall = new HttpOnlyFirewall(new InetSocketAddress(LOOPBACK, 0), new InetSocketAddress(LOOPBACK, server.port()));
    }

    @AfterContainer
    static void stop() throws IOException {
        firewall.close();
        server.close();
        escaped.close();
    }

    @Property(tries = 150)
    void a_hostile_client_of_the_service_loses_only_its_own_connection(@ForAll("hostile") byte[] bytes) throws IOException {
        var reply = HostileClients.send(address(), bytes, Duration.ofSeconds(2));
        assertThat(reply.closedByServer()).as("the server ended the connection").isTrue();
        assertGoodClientServed();
    }

    @Property(tries = 100)
    void a_hostile_client_of_the_firewall_loses_only_its_own_connection(@ForAll("hostile") byte[] bytes) throws IOException {
        var reply = HostileClients.send(firewall.address(), bytes, Duration.ofSeconds(2));
        assertThat(reply.closedByServer()).as("the firewall (or the service behind it) ended the connection").isTrue();
        assertGoodClientServed();
    }

    @Provide
    Arbitrary<byte[]> hostile() {
        Arbitrary<byte[]> garbage = Arbitraries.bytes().array(byte[].class).ofMaxSize(2000);
        Arbitrary<byte[]> longLine = Arbitraries.strings().ascii().ofMinLength(200).ofMaxLength(3000).map(s -> (s + "\n").getBytes(StandardCharsets.ISO_8859_1));
        Arbitrary<byte[]> almostHttp = Arbitraries.of("GET / HTTP/1.1", "GET /time/a HTTP/1.0", "TIME", "GET", "POST / HTTP/9.9")
                .flatMap(l -> Arbitraries.strings().ofMaxLength(40).map(tail -> (l + tail + "\r\n").getBytes(StandardCharsets.UTF_8)));
        return Arbitraries.oneOf(garbage, longLine, almostHttp);
    }

    /**
     * A directory entry is input too (anyone who may write to the directory may write anything): a client either
     * gets an address it can dial, an IP literal other than the wildcard and a port in 1..65535, or a
     * BadEntryException naming the entry and the attribute; nothing else escapes, and no name is looked up.
     */
    @Property(tries = 300)
    void a_hostile_directory_entry_gives_a_dialable_address_or_names_what_is_wrong(
            @ForAll("hostNumbers") String host, @ForAll("servicePorts") String port) {
        var entry = new Entry(RandomPortInDirectory.entryOf("a"),
                new Attribute("ipHostNumber", host), new Attribute("ipServicePort", port));
        try {
            InetSocketAddress address = RandomPortInDirectory.addressOf(entry);
            assertThat(address.isUnresolved()).isFalse();
            assertThat(address.getAddress().isAnyLocalAddress()).isFalse();
            assertThat(address.getPort()).isBetween(1, 65535);
            assertThat(InetAddress.ofLiteral(host)).isEqualTo(address.getAddress());
        } catch (BadEntryException e) {
            assertThat(e.getMessage()).startsWith("bad directory entry cn=a,").contains(e.attribute());
            assertThat(e.attribute()).isIn("ipHostNumber", "ipServicePort");
        }
    }

    @Provide
    Arbitrary<String> hostNumbers() {
        Arbitrary<String> ipv4 = Arbitraries.integers().between(-1, 300).list().ofSize(4).map(l -> String.join(".", l.stream().map(String::valueOf).toList()));
        return Arbitraries.oneOf(ipv4, Arbitraries.strings().ofMaxLength(40),
                Arbitraries.of("", " ", "localhost", "0.0.0.0", "::", "::1", "[::1]", "127.0.0.1 ", "example.org", "1.2.3"));
    }

    @Provide
    Arbitrary<String> servicePorts() {
        return Arbitraries.oneOf(Arbitraries.integers().between(-70_000, 140_000).map(String::valueOf), Arbitraries.strings().ofMaxLength(12),
                Arbitraries.of("0", "1", "65535", "65536", "+80", "080", " 80", "99999999999"));
    }

    @Example
    void a_slow_loris_does_not_hold_up_other_clients() throws IOException {
        try (var stalled = HostileClients.slowLoris(address(), (byte) 'T');
             var stalledAtTheFirewall = HostileClients.slowLoris(firewall.address(), (byte) 'G')) {
            assertGoodClientServed();
        }
    }

    @Example
    void a_client_that_never_reads_does_not_hold_up_other_clients() throws IOException {
        byte[] questions = "TIME\n".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
        try (var neverReads = HostileClients.neverReads(address(), questions, Duration.ofSeconds(5))) {
            assertGoodClientServed();
        }
    }

    static InetSocketAddress address() {
        return new InetSocketAddress(LOOPBACK, server.port());
    }

    static void assertGoodClientServed() throws IOException {
        assertThat(TimeProtocol.ask(address())).isNotBlank();
        assertThat(escaped.escaped()).as("exceptions that escaped server threads").isEmpty();
    }
}
