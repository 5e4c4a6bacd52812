package dev.socketfaq.serverport;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.protocol.LDAPMessage;
import com.unboundid.ldap.protocol.SearchRequestProtocolOp;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchScope;
import dev.socketfaq.kit.Connect;
import dev.socketfaq.serverport.directory.BadEntryException;
import dev.socketfaq.serverport.directory.Publisher;
import dev.socketfaq.serverport.directory.ServiceDirectory;
import dev.socketfaq.serverport.directory.ServiceEntries;
import dev.socketfaq.serverport.fixed.GuardedDirectory;
import dev.socketfaq.serverport.fixed.RandomPortInDirectory;
import dev.socketfaq.serverport.fixed.ReuseWebServer;
import dev.socketfaq.testkit.EscapedExceptions;
import dev.socketfaq.testkit.HostileClients;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Every server the lab runs against hostile clients: the time service, the firewall model, the web server (the JDK's
 * HttpServer, as {@code server http} and the demo run it) and the LDAP directory ({@code directory}).
 * Random bytes, over-long and binary lines, truncated and oversized frames, a client that stalls after one byte, a
 * client that never reads. The bad client loses its own connection, nothing escapes a server thread, and the next
 * good client is served within {@link #SERVED_WITHIN}. And the directory client against hostile entries.
 */
class HostileInputProperties {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    /**
     * The promise to a good client after a hostile one: its answer within the lab's own client timeouts, 2 s to
     * connect and 2 s for the answer (a client past them fails anyway). A bound against a stalled server, not a
     * latency claim: a served client takes milliseconds, a server stalled by the bad client never answers.
     */
    static final Duration SERVED_WITHIN = Duration.ofMillis(Connect.CONNECT_TIMEOUT_MS + TimeProtocol.READ_TIMEOUT_MS);
    /** How long a hostile client waits for the server to end its connection: a bound against hanging. */
    static final Duration PATIENCE = Duration.ofSeconds(5);

    static TimeServer server;
    static HttpOnlyFirewall firewall;
    static WebServer web;
    static Rendezvous.Running webService;
    static ServiceDirectory directory;
    static RandomPortInDirectory.Published published;
    static EscapedExceptions escaped;

    @BeforeContainer
    static void start() throws IOException {
        escaped = EscapedExceptions.record();
        var bound = new ServerSocket();
        bound.bind(new InetSocketAddress(LOOPBACK, 0));
        server = TimeServer.serve(bound, "a");
        firewall = new HttpOnlyFirewall(
                new InetSocketAddress(LOOPBACK, 0), new InetSocketAddress(LOOPBACK, server.port()));
        web = WebServer.start(new InetSocketAddress(LOOPBACK, 0));
        webService = ReuseWebServer.on(web).start("a"); // GET /time/a, as server http serves it
        var publisher = Publisher.generate();
        directory = ServiceDirectory.start(LOOPBACK, 0, new GuardedDirectory(publisher));
        published = new RandomPortInDirectory(LOOPBACK, directory.address(), publisher)
                .start("a"); // cn=a, as server directory publishes it
    }

    @AfterContainer
    static void stop() throws IOException {
        published.close();
        directory.close();
        webService.close();
        web.close();
        firewall.close();
        server.close();
        escaped.close();
    }

    @Property(tries = 150)
    void a_hostile_client_of_the_service_loses_only_its_own_connection(@ForAll("hostile") byte[] bytes)
            throws Exception {
        var reply = HostileClients.send(address(), bytes, Duration.ofSeconds(2));
        assertThat(reply.closedByServer()).as("the server ended the connection").isTrue();
        assertGoodClientServed();
    }

    @Property(tries = 100)
    void a_hostile_client_of_the_firewall_loses_only_its_own_connection(@ForAll("hostile") byte[] bytes)
            throws Exception {
        var reply = HostileClients.send(firewall.address(), bytes, Duration.ofSeconds(2));
        assertThat(reply.closedByServer())
                .as("the firewall (or the service behind it) ended the connection")
                .isTrue();
        assertGoodClientServed();
    }

    @Property(tries = 100)
    void a_hostile_client_of_the_web_server_loses_only_its_own_connection(@ForAll("hostile") byte[] bytes)
            throws Exception {
        var reply = HostileClients.send(web.address(), bytes, PATIENCE);
        assertThat(reply.closedByServer())
                .as("the web server ended the connection")
                .isTrue();
        assertWebClientServed();
    }

    @Property(tries = 100)
    void a_hostile_client_of_the_directory_loses_only_its_own_connection(@ForAll("hostileLdap") byte[] bytes)
            throws Exception {
        var reply = HostileClients.send(directory.address(), bytes, PATIENCE);
        assertThat(reply.closedByServer())
                .as("the directory ended the connection")
                .isTrue();
        assertDirectoryClientServed();
    }

    @Provide
    Arbitrary<byte[]> hostile() {
        Arbitrary<byte[]> garbage = Arbitraries.bytes().array(byte[].class).ofMaxSize(2000);
        Arbitrary<byte[]> longLine = Arbitraries.strings()
                .ascii()
                .ofMinLength(200)
                .ofMaxLength(3000)
                .map(s -> (s + "\n").getBytes(StandardCharsets.ISO_8859_1));
        Arbitrary<byte[]> almostHttp = Arbitraries.of(
                        "GET / HTTP/1.1", "GET /time/a HTTP/1.0", "TIME", "GET", "POST / HTTP/9.9")
                .flatMap(l -> Arbitraries.strings()
                        .ofMaxLength(40)
                        .map(tail -> (l + tail + "\r\n").getBytes(StandardCharsets.UTF_8)));
        return Arbitraries.oneOf(garbage, longLine, almostHttp);
    }

    /**
     * What a directory is sent: random bytes; an LDAP message cut short anywhere; a message whose length field claims
     * more than the directory takes ({@link ServiceDirectory#MAX_MESSAGE_BYTES}), or uses a length form of up to four
     * bytes with any value (a negative length in a signed reading, a huge one in an unsigned reading).
     */
    @Provide
    Arbitrary<byte[]> hostileLdap() {
        Arbitrary<byte[]> garbage = Arbitraries.bytes().array(byte[].class).ofMaxSize(2000);
        byte[] search = search(1);
        Arbitrary<byte[]> truncated =
                Arbitraries.integers().between(0, search.length - 1).map(n -> Arrays.copyOf(search, n));
        Arbitrary<byte[]> anyLength = Arbitraries.integers()
                .between(1, 4)
                .flatMap(n -> Arbitraries.bytes()
                        .array(byte[].class)
                        .ofSize(n)
                        .map(length -> concat(
                                new byte[] {0x30, (byte) (0x80 | n)},
                                length,
                                Arrays.copyOfRange(search, 2, search.length))));
        Arbitrary<byte[]> oversized = Arbitraries.integers()
                .between(ServiceDirectory.MAX_MESSAGE_BYTES + 1, Integer.MAX_VALUE)
                .map(n -> concat(
                        new byte[] {
                            0x30, (byte) 0x84, (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) (int) n
                        },
                        Arrays.copyOfRange(search, 2, search.length)));
        return Arbitraries.oneOf(garbage, truncated, anyLength, oversized);
    }

    /** A real LDAP search request (message id {@code id}) for everything under the base: the entries a client would read. */
    static byte[] search(int id) {
        return new LDAPMessage(
                        id,
                        new SearchRequestProtocolOp(new SearchRequest(
                                ServiceDirectory.BASE, SearchScope.SUB, Filter.createPresenceFilter("objectClass"))))
                .encode()
                .encode();
    }

    static byte[] concat(byte[]... parts) {
        var all = new ByteArrayOutputStream();
        for (byte[] p : parts) all.writeBytes(p);
        return all.toByteArray();
    }

    /**
     * A directory entry is input too (anyone who may write to the directory may write anything): a client either
     * gets an address it can dial, an IP literal other than the wildcard and a port in 1..65535, or a
     * BadEntryException naming the entry and the attribute; nothing else escapes, and no name is looked up.
     */
    @Property(tries = 300)
    void a_hostile_directory_entry_gives_a_dialable_address_or_names_what_is_wrong(
            @ForAll("hostNumbers") String host, @ForAll("servicePorts") String port) {
        var entry = new Entry(
                ServiceEntries.entryOf("a"), new Attribute("ipHostNumber", host), new Attribute("ipServicePort", port));
        try {
            InetSocketAddress address = ServiceEntries.addressOf(entry);
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
        Arbitrary<String> ipv4 = Arbitraries.integers()
                .between(-1, 300)
                .list()
                .ofSize(4)
                .map(l -> String.join(".", l.stream().map(String::valueOf).toList()));
        return Arbitraries.oneOf(
                ipv4,
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.of(
                        "", " ", "localhost", "0.0.0.0", "::", "::1", "[::1]", "127.0.0.1 ", "example.org", "1.2.3"));
    }

    @Provide
    Arbitrary<String> servicePorts() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(-70_000, 140_000).map(String::valueOf),
                Arbitraries.strings().ofMaxLength(12),
                Arbitraries.of("0", "1", "65535", "65536", "+80", "080", " 80", "99999999999"));
    }

    @Example
    @SuppressWarnings("try") // the stalled clients only have to exist while the good ones are served
    void a_slow_loris_does_not_hold_up_other_clients() throws Exception {
        try (var stalled = HostileClients.slowLoris(address(), (byte) 'T');
                var stalledAtTheFirewall = HostileClients.slowLoris(firewall.address(), (byte) 'G');
                var stalledAtTheWebServer = HostileClients.slowLoris(web.address(), (byte) 'G');
                var stalledAtTheDirectory = HostileClients.slowLoris(directory.address(), (byte) 0x30)) {
            assertGoodClientServed();
            assertWebClientServed();
            assertDirectoryClientServed();
        }
    }

    /**
     * The web server's own limit on a request that never finishes ({@link WebServer#MAX_REQUEST_SECONDS}): the stalled
     * client loses its connection, and with it the thread that was reading its request. The JDK checks the limit once a
     * second; the patience is twice the limit and then some, a bound against hanging.
     */
    @Example
    void the_web_server_closes_a_request_that_never_finishes() throws Exception {
        try (var stalled = HostileClients.slowLoris(web.address(), (byte) 'G')) {
            Duration patience = Duration.ofSeconds(2L * WebServer.MAX_REQUEST_SECONDS + 2);
            assertThat(closedWithin(stalled, patience))
                    .as("the web server closed the stalled request within %s", patience)
                    .isTrue();
            assertWebClientServed();
        }
    }

    /** The directory's idle limit, on a directory of its own with a short one: a client that stalls is disconnected. */
    @Example
    void the_directory_disconnects_a_client_that_stalls() throws Exception {
        Duration idle = Duration.ofMillis(300);
        try (var quick = ServiceDirectory.start(LOOPBACK, 0, new GuardedDirectory(Publisher.generate()), idle);
                var stalled = HostileClients.slowLoris(quick.address(), (byte) 0x30)) {
            assertThat(closedWithin(stalled, PATIENCE))
                    .as("the directory closed the stalled connection")
                    .isTrue();
            assertThat(quick.services()).isZero(); // and it still answers
        }
    }

    /** A message that claims more than {@link ServiceDirectory#MAX_MESSAGE_BYTES} is refused on its length, before a byte of it arrives. */
    @Example
    void the_directory_refuses_an_oversized_message_on_its_length_alone() throws Exception {
        int n = ServiceDirectory.MAX_MESSAGE_BYTES + 1;
        try (var socket = new Socket()) {
            socket.connect(directory.address(), Connect.CONNECT_TIMEOUT_MS);
            socket.getOutputStream().write(new byte[] {
                0x30, (byte) 0x84, (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n
            });
            assertThat(closedWithin(socket, PATIENCE))
                    .as("the directory closed the connection without waiting for the body")
                    .isTrue();
        }
        assertDirectoryClientServed();
    }

    @Example
    @SuppressWarnings("try") // the clients that never read only have to exist while the good ones are served
    void a_client_that_never_reads_does_not_hold_up_other_clients() throws Exception {
        byte[] questions = "TIME\n".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
        byte[] gets =
                "GET /time/a HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".repeat(2_000).getBytes(StandardCharsets.US_ASCII);
        var searches = new ByteArrayOutputStream();
        for (int id = 1; id <= 1_000; id++) searches.writeBytes(search(id));
        try (var neverReads = HostileClients.neverReads(address(), questions, PATIENCE);
                var neverReadsFromTheWebServer = HostileClients.neverReads(web.address(), gets, PATIENCE);
                var neverReadsFromTheDirectory =
                        HostileClients.neverReads(directory.address(), searches.toByteArray(), PATIENCE)) {
            assertGoodClientServed();
            assertWebClientServed();
            assertDirectoryClientServed();
        }
    }

    /** Reads (and drops) what {@code socket} receives until the server closes the connection, or {@code patience} passes. */
    static boolean closedWithin(Socket socket, Duration patience) throws IOException {
        long deadline = System.nanoTime() + patience.toNanos();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            try {
                if (in.read(buffer) == -1) return true;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true; // reset by the server
            }
        }
    }

    static InetSocketAddress address() {
        return new InetSocketAddress(LOOPBACK, server.port());
    }

    static void assertGoodClientServed() throws Exception {
        assertThat(servedWithin(() -> TimeProtocol.ask(address()))).isNotBlank();
        assertThat(escaped.escaped())
                .as("exceptions that escaped server threads")
                .isEmpty();
    }

    /** A good client of the web server: the lab's own HTTP client, GET /time/a. */
    static void assertWebClientServed() throws Exception {
        var endpoint = new HttpEndpoint(URI.create("http://127.0.0.1:" + web.port() + "/time/a"));
        assertThat(servedWithin(endpoint::ask)).startsWith("OK a ");
        assertThat(escaped.escaped())
                .as("exceptions that escaped server threads")
                .isEmpty();
    }

    /** A good client of the directory: the lab's own lookup (an LDAP search for cn=a), which finds the published entry. */
    static void assertDirectoryClientServed() throws Exception {
        var lookup = new RandomPortInDirectory(LOOPBACK, directory.address(), Publisher.ANONYMOUS);
        assertThat(servedWithin(() -> lookup.locate("a").where()))
                .startsWith("127.0.0.1:" + published.server().port() + " (from cn=a,");
        assertThat(escaped.escaped())
                .as("exceptions that escaped server threads")
                .isEmpty();
    }

    /** Runs a good client and checks it was served within {@link #SERVED_WITHIN}. */
    static <T> T servedWithin(Callable<T> client) throws Exception {
        long start = System.nanoTime();
        T answer = client.call();
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("a good client's wait")
                .isLessThan(SERVED_WITHIN);
        return answer;
    }
}
