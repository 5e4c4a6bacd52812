package dev.socketfaq.serverport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import dev.socketfaq.kit.Cli;
import dev.socketfaq.kit.Connect;
import dev.socketfaq.kit.SocketServer;
import dev.socketfaq.serverport.broken.OpenDirectory;
import dev.socketfaq.serverport.directory.Publisher;
import dev.socketfaq.serverport.directory.ServiceDirectory;
import dev.socketfaq.serverport.directory.ServiceEntries;
import dev.socketfaq.serverport.directory.StaleEntryException;
import dev.socketfaq.serverport.fixed.GuardedDirectory;
import dev.socketfaq.serverport.fixed.RandomPortInDirectory;
import dev.socketfaq.testkit.CliRun;
import dev.socketfaq.testkit.FaqClaim;
import dev.socketfaq.testkit.Proves;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The FAQ's random port: bind port 0, learn the port, publish it in a directory, take it back on shutdown. */
@Timeout(30)
class DirectoryTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    final Publisher publisher = Publisher.generate();
    ServiceDirectory directory;
    RandomPortInDirectory rendezvous;

    @BeforeEach
    void startDirectory() throws IOException {
        directory = ServiceDirectory.start(LOOPBACK, 0, new GuardedDirectory(publisher));
        rendezvous = new RandomPortInDirectory(LOOPBACK, directory.address(), publisher);
    }

    @AfterEach
    void stopDirectory() {
        directory.close();
    }

    /** Writes entry cn={@code instance} as a careless writer might: the schema checks syntax, not sense. */
    static void writeEntry(InetSocketAddress directory, Publisher as, String instance, String host, String port)
            throws Exception {
        try (var ldap = new LDAPConnection(directory.getHostString(), directory.getPort())) {
            if (!as.anonymous()) ldap.bind(Publisher.DN, as.password());
            ldap.add(new Entry(
                    ServiceEntries.entryOf(instance),
                    new Attribute("objectClass", "top", "ipService", "ipHost"),
                    new Attribute("cn", instance),
                    new Attribute("ipHostNumber", host),
                    new Attribute("ipServicePort", port),
                    new Attribute("ipServiceProtocol", "tcp")));
        }
    }

    /** What any LDAP client sees: the entries of class ipService under ou=services (the page's ldapsearch). */
    List<SearchResultEntry> services() throws Exception {
        try (var ldap = new LDAPConnection(
                directory.address().getHostString(), directory.address().getPort())) {
            return ldap.search(ServiceDirectory.SERVICES, SearchScope.ONE, "(objectClass=ipService)")
                    .getSearchEntries();
        }
    }

    // tag::published[]
    @Proves(FaqClaim.PORT_ZERO_NEEDS_DIRECTORY)
    @Test
    void the_entry_holds_the_port_the_os_chose_and_clients_reach_it_there() throws Exception {
        try (var a = rendezvous.start("a")) {
            SearchResultEntry entry = services().getFirst();
            assertThat(entry.getDN()).isEqualTo("cn=a," + ServiceDirectory.SERVICES);
            assertThat(entry.getAttributeValueAsInteger("ipServicePort"))
                    .isEqualTo(a.server().port())
                    .isNotZero();
            assertThat(entry.getAttributeValue("ipHostNumber")).isEqualTo("127.0.0.1");
            assertThat(rendezvous.locate("a").ask()).startsWith("OK a ");
            int port = a.server().port();
            assertThat(a.where())
                    .isEqualTo("127.0.0.1:" + port + ", published as cn=a," + ServiceDirectory.SERVICES + " (127.0.0.1:"
                            + port + ")");
        }
    }

    @Test
    void a_standard_ldap_client_reads_the_entry_with_the_documented_command() throws Exception {
        assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/ldapsearch")),
                "OpenLDAP's ldapsearch is not installed (apt install ldap-utils)");
        try (var a = rendezvous.start("a")) {
            Process p = new ProcessBuilder("sh", "-c", directory.ldapsearch())
                    .redirectErrorStream(true)
                    .start();
            try {
                assertThat(p.waitFor(10, TimeUnit.SECONDS))
                        .as("ldapsearch finished")
                        .isTrue();
                assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                        .contains(
                                "dn: cn=a," + ServiceDirectory.SERVICES,
                                "ipHostNumber: 127.0.0.1",
                                "ipServicePort: " + a.server().port());
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void a_clean_shutdown_removes_the_entry() throws Exception {
        rendezvous.start("a").close();
        assertThat(services()).isEmpty();
        assertThatThrownBy(() -> rendezvous.locate("a"))
                .hasMessageContaining("no entry cn=a," + ServiceDirectory.SERVICES)
                .hasMessageContaining("is not running");
    }

    @Test
    void a_stale_entry_is_reported_with_its_name_and_address_not_hung_on() throws Exception {
        try (var a = rendezvous.start("a")) {
            int port = a.server().port();
            a.server().close(); // the server "dies": its socket is gone, its entry is not
            Rendezvous.Endpoint found = rendezvous.locate("a");
            long start = System.nanoTime();
            assertThatThrownBy(found::ask)
                    .isInstanceOf(StaleEntryException.class)
                    .hasMessageContaining("stale directory entry cn=a," + ServiceDirectory.SERVICES)
                    .hasMessageContaining("127.0.0.1:" + port)
                    .hasMessageContaining("Connection refused");
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isLessThan(Duration.ofMillis(Connect.CONNECT_TIMEOUT_MS));
        }
    }
    // end::published[]

    // tag::other-program[]
    @Test
    void an_entry_whose_port_another_program_now_answers_on_is_stale_and_a_new_server_takes_it_over() throws Exception {
        // The dead server's port, taken since by a program that greets first, as SSH does. The test owns it, on
        // loopback;
        // it reads until the client leaves, so the client always gets the whole greeting (no reset, no race).
        try (var other = SocketServer.start(
                "other-program",
                new InetSocketAddress(LOOPBACK, 0),
                socket -> {
                    socket.getOutputStream().write("SSH-2.0-OpenSSH_9.6\r\n".getBytes(StandardCharsets.US_ASCII));
                    socket.getInputStream().transferTo(OutputStream.nullOutputStream());
                },
                line -> {})) {
            int port = other.address().getPort();
            writeEntry(
                    directory.address(),
                    publisher,
                    "a",
                    "127.0.0.1",
                    String.valueOf(port)); // left by a server that died

            CliRun.run(
                            new ServerPortLab(),
                            "client",
                            "directory",
                            "--directory",
                            "127.0.0.1:" + directory.address().getPort())
                    .rejects(
                            Cli.FAILURE,
                            "error: stale directory entry cn=a," + ServiceDirectory.SERVICES + ": port " + port
                                    + " at 127.0.0.1 answers, but not as a (it said 'SSH-2.0-OpenSSH_9.6'): something else holds it now");

            try (var a = rendezvous.start(
                    "a")) { // a connection that succeeds is not a live instance: the entry is taken over
                assertThat(services())
                        .singleElement()
                        .satisfies(e -> assertThat(e.getAttributeValueAsInteger("ipServicePort"))
                                .isEqualTo(a.server().port()));
                assertThat(rendezvous.locate("a").ask()).startsWith("OK a ");
            }
            assertThat(other.accepted())
                    .as("the client and the new server each asked the other program")
                    .isEqualTo(2);
        }
    }
    // end::other-program[]

    @Test
    void an_entry_whose_port_another_instance_now_holds_is_stale() throws Exception {
        try (var b = rendezvous.start("b")) {
            writeEntry(
                    directory.address(),
                    publisher,
                    "a",
                    "127.0.0.1",
                    String.valueOf(b.server().port()));
            assertThatThrownBy(() -> rendezvous.locate("a").ask())
                    .isInstanceOf(StaleEntryException.class)
                    .hasMessageContaining("answers, but not as a (it said 'OK b ");
            try (var a = rendezvous.start("a")) {
                assertThat(rendezvous.locate("a").ask()).startsWith("OK a ");
                assertThat(rendezvous.locate("b").ask())
                        .as("b keeps its own entry")
                        .startsWith("OK b ");
            }
        }
    }

    @Test
    void a_restart_after_a_crash_takes_over_the_stale_entry_but_a_live_instance_is_not_displaced() throws Exception {
        var crashed = rendezvous.start("a");
        crashed.server().close(); // died without removing its entry
        try (var restarted = rendezvous.start("a")) {
            crashed.close(); // a late close of the crashed one leaves alone the entry that is no longer its own
            assertThat(services())
                    .singleElement()
                    .satisfies(e -> assertThat(e.getAttributeValueAsInteger("ipServicePort"))
                            .isEqualTo(restarted.server().port()));
            assertThat(rendezvous.locate("a").ask()).startsWith("OK a ");
            assertThatThrownBy(() -> rendezvous.start("a").close())
                    .hasMessageContaining("instance already running: cn=a");
        }
        assertThat(services()).isEmpty();
    }

    // tag::wildcard[]
    @Test
    void a_wildcard_bound_server_does_not_guess_an_address_to_publish() throws Exception {
        assertThatThrownBy(() ->
                        new RandomPortInDirectory(InetAddress.ofLiteral("0.0.0.0"), directory.address(), publisher))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Local address and port");
        assertThat(services()).as("nothing published").isEmpty();
    }

    @Test
    void a_wildcard_bound_server_publishes_the_address_it_is_told_to_advertise() throws Exception {
        // the wildcard listens on every address of this host; the test's client uses loopback only
        InetAddress advertised = otherLoopback();
        var told =
                new RandomPortInDirectory(InetAddress.ofLiteral("0.0.0.0"), advertised, directory.address(), publisher);
        try (var a = told.start("a")) {
            assertThat(services().getFirst().getAttributeValue("ipHostNumber")).isEqualTo(advertised.getHostAddress());
            assertThat(told.locate("a").ask()).startsWith("OK a ");
        }
    }
    // end::wildcard[]

    /**
     * 127.0.0.2 where the OS answers on all of 127.0.0.0/8 (Linux): an address this host's name does not resolve
     * to, so the entry shows the advertised address was published, not a guess. 127.0.0.1 elsewhere (macOS).
     */
    static InetAddress otherLoopback() {
        InetAddress other = InetAddress.ofLiteral("127.0.0.2");
        try (var probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(other, 0));
            return other;
        } catch (IOException e) {
            return LOOPBACK;
        }
    }

    @Test
    void an_advertised_address_must_be_one_clients_can_reach_where_the_server_listens() {
        InetAddress wildcard = InetAddress.ofLiteral("0.0.0.0");
        assertThatThrownBy(() -> new RandomPortInDirectory(wildcard, wildcard, directory.address(), publisher))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot publish the wildcard 0.0.0.0");
        assertThatThrownBy(() -> new RandomPortInDirectory(
                        LOOPBACK, InetAddress.ofLiteral("192.0.2.1"), directory.address(), publisher))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "cannot publish 192.0.2.1 for a server bound to 127.0.0.1: clients would be sent"
                                + " where it does not listen");
    }

    @Test
    void a_server_takes_over_an_entry_of_its_name_that_sends_clients_nowhere() throws Exception {
        writeEntry(directory.address(), publisher, "a", "127.0.0.1", "70000");
        try (var a = rendezvous.start("a")) {
            assertThat(services())
                    .singleElement()
                    .satisfies(e -> assertThat(e.getAttributeValueAsInteger("ipServicePort"))
                            .isEqualTo(a.server().port()));
            assertThat(rendezvous.locate("a").ask()).startsWith("OK a ");
        }
    }

    @Test
    void an_unreachable_directory_is_one_clear_error() {
        directory.close();
        assertThatThrownBy(() -> rendezvous.locate("a"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("directory lookup of cn=a," + ServiceDirectory.SERVICES);
        assertThatThrownBy(() -> rendezvous.start("a").close())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot publish cn=a");
    }

    @Test
    void a_guarded_directory_needs_a_publisher_password() {
        assertThatThrownBy(() -> new GuardedDirectory(Publisher.ANONYMOUS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a guarded directory needs a publisher password");
    }

    @Test
    void each_directory_says_who_may_write_it() throws Exception {
        assertThat(directory.access())
                .isEqualTo("guarded: anyone may read, only cn=publisher,dc=socketfaq,dc=dev may write");
        try (var open = ServiceDirectory.start(LOOPBACK, 0, new OpenDirectory())) {
            assertThat(open.access()).isEqualTo("open: anyone may read and write");
        }
    }
}
