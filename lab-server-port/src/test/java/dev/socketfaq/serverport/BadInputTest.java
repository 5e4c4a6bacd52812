package dev.socketfaq.serverport;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import dev.socketfaq.kit.Cli;
import dev.socketfaq.kit.SocketServer;
import dev.socketfaq.serverport.fixed.RandomPortInDirectory;
import dev.socketfaq.serverport.fixed.ServiceDirectory;
import dev.socketfaq.testkit.CliRun;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad lines cost their sender its connection and nothing else; the command line answers bad input in one line. */
@Timeout(30)
class BadInputTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** Sends {@code bytes}, returns the reply line and whether the server then closed the connection. */
    static String[] exchange(int port, byte[] bytes) throws Exception {
        try (var socket = new Socket(LOOPBACK, port)) {
            socket.setSoTimeout(15_000); // a bound against hanging, not a latency claim: generous for a loaded machine
            socket.getOutputStream().write(bytes);
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String reply = in.readLine();
            return new String[] {reply, in.read() == -1 ? "closed" : "open"};
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "over-long, ERR line longer than 256 bytes",
        "binary, ERR not a text line: byte 0x00 at offset 4",
        "unknown, ERR unknown command 'HELLO': this service answers TIME",
        "no newline, ERR line ended without a newline after 4 bytes"
    })
    void a_bad_line_gets_one_err_line_and_a_closed_connection_and_the_server_keeps_serving(String kind, String expected)
            throws Exception {
        byte[] bad = switch (kind) {
            case "over-long" -> ("TIME" + "x".repeat(TimeProtocol.MAX_LINE) + "\n").getBytes(StandardCharsets.US_ASCII);
            case "binary" -> new byte[] {'T', 'I', 'M', 'E', 0, '\n'};
            case "unknown" -> "HELLO\r\n".getBytes(StandardCharsets.US_ASCII);
            default -> "TIME".getBytes(StandardCharsets.US_ASCII);
        };
        var listener = new ServerSocket();
        listener.bind(new InetSocketAddress(LOOPBACK, 0));
        try (var server = TimeServer.serve(listener, "a")) {
            try (var socket = new Socket(LOOPBACK, server.port())) {
                socket.setSoTimeout(
                        15_000); // a bound against hanging, not a latency claim: generous for a loaded machine
                socket.getOutputStream().write(bad);
                if (kind.equals("no newline")) socket.shutdownOutput();
                var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                assertThat(in.readLine()).isEqualTo(expected);
                assertThat(in.read()).as("connection closed after the ERR line").isEqualTo(-1);
            }
            assertThat(TimeProtocol.ask(new InetSocketAddress(LOOPBACK, server.port())))
                    .startsWith("OK a ");
        }
    }

    @Test
    void a_line_of_exactly_256_bytes_is_read_and_two_questions_share_a_connection() throws Exception {
        var listener = new ServerSocket();
        listener.bind(new InetSocketAddress(LOOPBACK, 0));
        try (var server = TimeServer.serve(listener, "a");
                var socket = TimeProtocol.connect(new InetSocketAddress(LOOPBACK, server.port()))) {
            assertThat(TimeProtocol.ask(socket)).startsWith("OK a ");
            assertThat(TimeProtocol.ask(socket)).startsWith("OK a ");
            socket.getOutputStream()
                    .write(("X".repeat(TimeProtocol.MAX_LINE) + "\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(TimeProtocol.readLine(socket.getInputStream())).startsWith("ERR unknown command 'XXX");
        }
    }

    /** Writes entry cn={@code instance} as a careless or hostile writer might: the schema checks syntax, not sense. */
    static void writeEntry(ServiceDirectory directory, String instance, String host, String port) throws Exception {
        try (var ldap = new LDAPConnection(
                directory.address().getHostString(), directory.address().getPort())) {
            ldap.add(new Entry(
                    RandomPortInDirectory.entryOf(instance),
                    new Attribute("objectClass", "top", "ipService", "ipHost"),
                    new Attribute("cn", instance),
                    new Attribute("ipHostNumber", host),
                    new Attribute("ipServicePort", port),
                    new Attribute("ipServiceProtocol", "tcp")));
        }
    }

    // tag::bad-entry[]
    @ParameterizedTest(name = "ipHostNumber ''{0}'', ipServicePort ''{1}''")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            127.0.0.1 | 70000 | ipServicePort '70000' is not a port (1..65535)
            127.0.0.1 | 0     | ipServicePort '0' is not a port (1..65535)
            127.0.0.1 | -1    | ipServicePort '-1' is not a port (1..65535)
            ""        | 7     | ipHostNumber '' is not an IP address literal
            " "       | 7     | ipHostNumber ' ' is not an IP address literal
            localhost | 7     | ipHostNumber 'localhost' is not an IP address literal
            0.0.0.0   | 7     | ipHostNumber '0.0.0.0' is the wildcard
            """)
    @Timeout(10)
    void a_malformed_directory_entry_is_named_with_its_bad_attribute_and_nothing_is_dialled(
            String host, String port, String problem) throws Exception {
        try (var directory = ServiceDirectory.start(LOOPBACK, 0)) {
            writeEntry(directory, "a", host, port);
            CliRun.run(
                            new ServerPortLab(),
                            "client",
                            "--strategy",
                            "directory",
                            "--directory",
                            "127.0.0.1:" + directory.address().getPort())
                    .rejects(
                            Cli.FAILURE,
                            "error: bad directory entry cn=a," + ServiceDirectory.SERVICES + ": " + problem);
        }
    }
    // end::bad-entry[]

    @Test
    void a_port_where_another_program_answers_is_one_error_line_not_a_found_line() throws Exception {
        // the test's own loopback listener, greeting as SSH does: an agreed port that another program holds now
        try (var other = SocketServer.start(
                "other-program",
                new InetSocketAddress(LOOPBACK, 0),
                socket -> {
                    socket.getOutputStream().write("SSH-2.0-OpenSSH_9.6\r\n".getBytes(StandardCharsets.US_ASCII));
                    socket.getInputStream()
                            .transferTo(OutputStream.nullOutputStream()); // until the client leaves: no reset, no race
                },
                line -> {})) {
            int port = other.address().getPort();
            CliRun.run(new ServerPortLab(), "client", "--strategy", "agreed", "--port", String.valueOf(port))
                    .rejects(
                            Cli.FAILURE,
                            "error: 127.0.0.1:" + port
                                    + " (port agreed in --port) answers, but not as instance a: 'SSH-2.0-OpenSSH_9.6'");
        }
    }

    @Test
    void a_directory_address_where_something_else_answers_is_one_short_line() throws Exception {
        // the test's own loopback listener: to the first request it answers an LDAP message with an unknown operation
        // (tag 0x04), which the LDAP SDK cannot decode; it reads until the client leaves, so the answer always arrives
        try (var notLdap = SocketServer.start(
                "not-ldap",
                new InetSocketAddress(LOOPBACK, 0),
                socket -> {
                    if (socket.getInputStream().read() == -1) return;
                    socket.getOutputStream().write(new byte[] {0x30, 0x05, 0x02, 0x01, 0x01, 0x04, 0x00});
                    socket.getInputStream().transferTo(OutputStream.nullOutputStream());
                },
                line -> {})) {
            CliRun run = CliRun.run(
                            new ServerPortLab(),
                            "client",
                            "--strategy",
                            "directory",
                            "--directory",
                            "127.0.0.1:" + notLdap.address().getPort())
                    .rejects(
                            Cli.FAILURE,
                            "directory lookup of cn=a," + ServiceDirectory.SERVICES + " at ldap://127.0.0.1:"
                                    + notLdap.address().getPort() + " failed: the reply is not LDAP (");
            assertThat(run.errorLine())
                    .as("UnboundID's reason, not its quote of the whole request")
                    .contains("protocol op type 04")
                    .endsWith("): is that an LDAP directory?")
                    .doesNotContain("SearchRequest")
                    .hasSizeLessThan(250);
        }
    }

    /**
     * A directory that accepts the connection and then says nothing (stuck, overloaded, or not a directory at all) is
     * reachable: "cannot connect" would send the reader after a network problem that is not there. The test's own
     * loopback listener plays it: it reads what it is sent until the client gives up and leaves.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            client | directory lookup of cn=a,ou=services,dc=socketfaq,dc=dev at ldap://127.0.0.1:{port} failed: connected, but no answer within 2000 ms
            server | cannot publish cn=a,ou=services,dc=socketfaq,dc=dev in the directory at ldap://127.0.0.1:{port}: connected, but no answer within 2000 ms
            """)
    void a_directory_that_accepts_but_never_answers_is_named_as_such(String command, String message) throws Exception {
        try (var silent = SocketServer.start(
                "silent-directory",
                new InetSocketAddress(LOOPBACK, 0),
                socket -> socket.getInputStream().transferTo(OutputStream.nullOutputStream()),
                line -> {})) {
            String port = String.valueOf(silent.address().getPort());
            CliRun run = CliRun.run(
                            new ServerPortLab(), command, "--strategy", "directory", "--directory", "127.0.0.1:" + port)
                    .rejects(Cli.FAILURE, message.replace("{port}", port));
            assertThat(run.errorLine()).doesNotContain("cannot connect");
            assertThat(silent.accepted()).as("the client did connect").isEqualTo(1);
        }
    }

    @Test
    void a_directory_that_closes_the_connection_without_an_answer_is_named_as_such() throws Exception {
        // the test's own loopback listener: it takes the first byte of the request and hangs up
        try (var hangsUp = SocketServer.start(
                "hangs-up",
                new InetSocketAddress(LOOPBACK, 0),
                socket -> socket.getInputStream().read(),
                line -> {})) {
            String port = String.valueOf(hangsUp.address().getPort());
            CliRun.run(new ServerPortLab(), "client", "--strategy", "directory", "--directory", "127.0.0.1:" + port)
                    .rejects(
                            Cli.FAILURE,
                            "at ldap://127.0.0.1:" + port
                                    + " failed: connected, but the connection was closed before an answer came");
        }
    }

    @Test
    void a_stale_directory_entry_is_one_line_and_exit_code_1() throws Exception {
        try (var directory = ServiceDirectory.start(LOOPBACK, 0);
                var a = new RandomPortInDirectory(LOOPBACK, directory.address()).start("a")) {
            a.server().close(); // died without removing its entry
            CliRun.run(
                            new ServerPortLab(),
                            "client",
                            "--strategy",
                            "directory",
                            "--directory",
                            "127.0.0.1:" + directory.address().getPort())
                    .rejects(Cli.FAILURE, "error: stale directory entry cn=a,ou=services");
        }
    }
}
